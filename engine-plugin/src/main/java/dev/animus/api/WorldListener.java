package dev.animus.api;

import dev.animus.world.World;
import dev.animus.world.WorldProblem;
import java.util.List;

/** Hears about world reloads. Called on the render thread. */
public interface WorldListener {

    /** @param world the new world, now running (not null) */
    default void onWorldReloaded(World world) {}

    /**
     * An edit of the world file could not be used; the world that was running goes on.
     *
     * @param problems every problem of the edited file (not empty)
     */
    default void onWorldReloadFailed(List<WorldProblem> problems) {}
}
