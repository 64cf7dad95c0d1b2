package dev.animus.api;

import com.jme3.math.Vector3f;
import com.jme3.scene.Spatial;

/**
 * How a speech bubble looks: the plugin decides what it says and when (streamed words, the
 * "..." while thinking, reading time, fading), and places it (above the NPC's head, facing the
 * camera, stacked above a nearer NPC's bubble); the drawer makes the spatial that shows it.
 * The default draws a Lemur label on a dark quad. Register another with
 * {@link AnimusConfig.Builder#bubbles(BubbleDrawer)}. Render thread only.
 */
@FunctionalInterface
public interface BubbleDrawer {
    /**
     * @param npcId the NPC whose bubble it is (not null)
     * @return a new, empty bubble
     */
    Bubble create(String npcId);

    /** One NPC's bubble. */
    interface Bubble {
        /**
         * @return what is drawn, in world units, its origin at the bottom centre of the bubble
         *     (the plugin attaches it to a billboarded node above the NPC's head)
         */
        Spatial spatial();

        /** @param text what the bubble shows now (not null; may be "...") */
        void setText(String text);

        /** @param alpha opacity, 0 (gone) to 1, as the bubble fades */
        void setAlpha(float alpha);

        /** @return width and height in world units, for stacking (a new vector) */
        Vector3f size();
    }
}
