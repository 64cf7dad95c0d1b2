package dev.animus.api;

/**
 * A behaviour action the game defines, which world files then name in {@code do} lists:
 * <pre>
 * AnimusConfig.builder().action("open_shop", (npc, argument, them) -> shop.open(argument))
 * </pre>
 * <pre>
 * do:
 *   - open_shop: blacksmith
 * </pre>
 * Called on the render thread, so it may touch the scene graph. An exception it throws is
 * logged and the NPC's other actions go on.
 */
@FunctionalInterface
public interface GameAction {

    /**
     * @param npcId the NPC whose behaviour fired
     * @param argument what the world file gave the action ("blacksmith"), or "" for nothing
     * @param them who set the behaviour off ("player", an NPC id), or null
     */
    void perform(String npcId, String argument, String them);
}
