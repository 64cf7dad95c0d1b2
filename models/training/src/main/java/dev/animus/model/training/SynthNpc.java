package dev.animus.model.training;

import java.util.List;

/**
 * An NPC of a generated world.
 *
 * @param name its display name ("Orla the baker")
 * @param voice how it speaks
 * @param facts what it knows
 * @param actions the actions it may perform
 * @param emotions the emotions it may show
 * @param female whether its facts call it "she"
 * @param absentShapes fact shapes it knows nothing about (for questions it cannot answer)
 */
record SynthNpc(
        String name,
        Voice voice,
        List<Fact> facts,
        List<String> actions,
        List<String> emotions,
        boolean female,
        List<Integer> absentShapes) {}
