/**
 * The world model (places, props, events, NPC definitions with their behaviours: each rule's
 * {@link dev.animus.world.Trigger}, {@link dev.animus.world.Condition}s and
 * {@link dev.animus.world.Action}s, as the file states them), the world-file parser and its
 * validation. It imports no other package of the plugin. A world file is data only: YAML with a fixed
 * vocabulary, bounded in size and nesting, that cannot run code or name files outside the
 * asset roots. Engine-independent; the jME asset loader is in {@code dev.animus.scene}.
 *
 * <p>Published with the public API ({@link dev.animus.api}): a game reads the world it runs
 * through these records ({@code World}, {@code NpcDefinition}, {@code Phase}, {@code Action},
 * {@code WorldProblem}, ...), and tools may parse and check world files with
 * {@link dev.animus.world.WorldParser}. The rest of the plugin's packages are internal.
 */
package dev.animus.world;
