package dev.animus.gossip;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An NPC's memory, in its own first person ("The stranger drew a weapon near me."), said of it
 * in the third person ("The stranger drew a weapon near Vey."), so another NPC can pass it on.
 * Words inside double quotes are someone's speech and stay as they were said. Nothing is added
 * or left out: only the witness's pronouns become its name. Pure; any thread.
 */
public final class Retelling {
    private static final Pattern FIRST_PERSON =
            Pattern.compile("\\b(I am|I'm|I have|I've|I was|I'd|I'll|I|me|my|My|mine|myself)\\b");
    // spotless:off
    private static final Map<String, String> AS_THIRD = Map.ofEntries(
            Map.entry("I am", " is"), Map.entry("I'm", " is"), Map.entry("I have", " has"),
            Map.entry("I've", " has"), Map.entry("I was", " was"), Map.entry("I'd", " would"),
            Map.entry("I'll", " will"), Map.entry("I", ""), Map.entry("me", ""), Map.entry("myself", ""),
            Map.entry("my", "'s"), Map.entry("My", "'s"), Map.entry("mine", "'s"));
    // spotless:on

    /**
     * Retellings made, by witness and memory: gossip retells the same memories at every meeting
     * (each listener's, to see what it knows already), and a regex a memory each time was most of
     * a meeting's cost. Bounded: emptied when full.
     */
    private static final int CACHED = 4096;

    private static final Map<String, String> MADE = new ConcurrentHashMap<>();

    private Retelling() {}

    /**
     * @param memory the witness's memory, in its first person
     * @param witness the witness's name ("Vey", "Captain Vey")
     * @return the memory with the witness's pronouns replaced by its name, quoted speech untouched
     */
    public static String thirdPerson(String memory, String witness) {
        String key = witness + '\u0000' + memory;
        String made = MADE.get(key);
        if (made == null) {
            if (MADE.size() >= CACHED) {
                MADE.clear();
            }
            made = retell(memory, witness);
            MADE.put(key, made);
        }
        return made;
    }

    private static String retell(String memory, String witness) {
        StringBuilder out = new StringBuilder(memory.length() + 16);
        String[] parts = memory.split("\"", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                out.append('"');
            }
            out.append(i % 2 == 0 ? outsideQuotes(parts[i], witness) : parts[i]);
        }
        return out.toString();
    }

    /**
     * @param name an NPC's name as the world file gives it ("Captain Vey of the watch")
     * @return how others call it in passing: the name before " the " or " of " ("Captain Vey")
     */
    public static String shortName(String name) {
        String n = name.strip();
        int cut = n.length();
        for (String word : new String[] {" the ", " of "}) {
            int at = n.indexOf(word);
            if (at > 0) {
                cut = Math.min(cut, at);
            }
        }
        return n.substring(0, cut);
    }

    private static String outsideQuotes(String text, String witness) {
        Matcher m = FIRST_PERSON.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(witness + AS_THIRD.get(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }
}
