package dev.animus.demo.play.village;

import com.jme3.asset.AssetManager;
import com.jme3.effect.ParticleEmitter;
import com.jme3.effect.ParticleMesh;
import com.jme3.material.Material;
import com.jme3.math.ColorRGBA;
import com.jme3.math.Vector3f;
import com.jme3.renderer.queue.RenderQueue.ShadowMode;

/** Flames that flicker: a small jME particle emitter with the test data's flame sprite. */
final class Fire {
    private Fire() {}

    /**
     * @param size the fire's width, metres (a hearth about 0.8, a camp fire 0.6)
     * @return the emitter, its base at the origin; place it on the coals
     */
    static ParticleEmitter flames(AssetManager assets, float size) {
        ParticleEmitter fire = new ParticleEmitter("flames", ParticleMesh.Type.Triangle, 24);
        Material m = new Material(assets, "Common/MatDefs/Misc/Particle.j3md");
        m.setTexture("Texture", assets.loadTexture("Effects/Explosion/flame.png"));
        fire.setMaterial(m);
        fire.setImagesX(2);
        fire.setImagesY(2);
        fire.setStartColor(new ColorRGBA(1f, 0.55f, 0.15f, 1f));
        fire.setEndColor(new ColorRGBA(0.9f, 0.1f, 0.05f, 0.3f));
        fire.getParticleInfluencer().setInitialVelocity(new Vector3f(0, 1.1f, 0));
        fire.getParticleInfluencer().setVelocityVariation(0.25f);
        fire.setStartSize(size * 0.45f);
        fire.setEndSize(size * 0.08f);
        fire.setGravity(0, 0, 0);
        fire.setLowLife(0.4f);
        fire.setHighLife(0.9f);
        fire.setShadowMode(ShadowMode.Off);
        return fire;
    }
}
