package dev.animus.api;

import com.jme3.anim.AnimClip;
import com.jme3.anim.AnimComposer;
import com.jme3.anim.AnimTrack;
import com.jme3.scene.Node;

/** Character rigs for tests: an AnimComposer on a child node, as a loaded model has it. */
final class Rigs {
    private Rigs() {}

    /** A body whose AnimComposer sits on a child and holds empty clips of these names. */
    static Node rig(String name, String... clips) {
        Node body = new Node(name);
        Node skeleton = new Node(name + " skeleton");
        AnimComposer composer = new AnimComposer();
        skeleton.addControl(composer);
        for (String clip : clips) {
            AnimClip c = new AnimClip(clip);
            c.setTracks(new AnimTrack[0]);
            composer.addAnimClip(c);
        }
        body.attachChild(skeleton);
        return body;
    }
}
