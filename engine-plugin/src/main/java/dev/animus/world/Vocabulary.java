package dev.animus.world;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The names a world file may use for actions, emotions and built-in world events. Games
 * extend it with their own actions; a name outside it fails validation with the list of
 * allowed ones.
 *
 * @param actions animation actions NPCs can perform
 * @param emotions emotions NPCs can show
 * @param builtInEvents events the engine raises itself, usable without declaring them
 * @param gameActions actions a game registered for behaviours' {@code do} lists
 *     ({@code - open_shop: blacksmith}), which call the game's code
 */
public record Vocabulary(
        Set<String> actions, Set<String> emotions, Set<String> builtInEvents, Set<String> gameActions) {

    /** The actions Animus drives: each NPC maps them to its character's animation clips. */
    // spotless:off
    public static final List<String> CORE_ACTIONS = List.of("idle", "walk", "talk", "wave", "nod",
            "alert", "point", "sit", "work", "sleep");
    /** The emotions a model or a behaviour can set. */
    public static final List<String> CORE_EMOTIONS = List.of("neutral", "happy", "sad", "angry",
            "afraid", "surprised", "proud", "calm", "tired", "curious", "suspicious");
    /** Events the engine itself raises (the demo's keys, the day cycle, the weather). */
    public static final List<String> CORE_EVENTS = List.of("weapon_drawn", "weapon_sheathed",
            "item_dropped", "item_given", "coin_given");

    /** What a behaviour's {@code do} list may hold without a game registering it. */
    public static final List<String> BEHAVIOUR_ACTIONS = List.of("animate", "say", "say_generated", "face", "walk_to",
            "follow", "flee", "emotion", "set", "add", "raise");
    // spotless:on
    /**
     * Names a game's own actions may not take: the behaviour actions and the argument keys
     * they use ({@code flee: {from: ..., seconds: ...}}).
     */
    public static final List<String> RESERVED_ACTION_NAMES;
    /** The argument keys of behaviour actions ({@code flee: {from: ..., seconds: ...}}). */
    public static final List<String> ACTION_ARGUMENT_KEYS = List.of("seconds", "metres", "to", "by");

    static {
        List<String> reserved = new ArrayList<>(BEHAVIOUR_ACTIONS);
        reserved.addAll(ACTION_ARGUMENT_KEYS);
        RESERVED_ACTION_NAMES = List.copyOf(reserved);
    }

    /** The core vocabulary. */
    public static final Vocabulary CORE =
            new Vocabulary(Set.copyOf(CORE_ACTIONS), Set.copyOf(CORE_EMOTIONS), Set.copyOf(CORE_EVENTS), Set.of());

    public Vocabulary {
        actions = Set.copyOf(actions);
        emotions = Set.copyOf(emotions);
        builtInEvents = Set.copyOf(builtInEvents);
        gameActions = Set.copyOf(gameActions);
    }

    /**
     * @param names behaviour actions a game registers (not null)
     * @return a vocabulary whose world files may name those in {@code do} lists
     */
    public Vocabulary withGameActions(Collection<String> names) {
        Set<String> all = new LinkedHashSet<>(gameActions);
        all.addAll(names);
        return new Vocabulary(actions, emotions, builtInEvents, all);
    }

    /**
     * @param moreActions animation actions a world file declares (not null)
     * @param moreEmotions emotions a world file declares (not null)
     * @return a vocabulary whose NPCs may also use those
     */
    public Vocabulary withWorldNames(Collection<String> moreActions, Collection<String> moreEmotions) {
        if (moreActions.isEmpty() && moreEmotions.isEmpty()) {
            return this;
        }
        Set<String> a = new LinkedHashSet<>(actions);
        a.addAll(moreActions);
        Set<String> e = new LinkedHashSet<>(emotions);
        e.addAll(moreEmotions);
        return new Vocabulary(a, e, builtInEvents, gameActions);
    }

    /** @return the actions, sorted, for messages */
    public List<String> sortedActions() {
        List<String> l = new ArrayList<>(actions);
        l.sort(null);
        return l;
    }

    /** @return the emotions, sorted, for messages */
    public List<String> sortedEmotions() {
        List<String> l = new ArrayList<>(emotions);
        l.sort(null);
        return l;
    }
}
