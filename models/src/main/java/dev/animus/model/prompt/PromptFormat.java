package dev.animus.model.prompt;

import java.util.List;

/**
 * The prompt template, in one place. A dialogue prompt reads:
 *
 * <pre>
 * &lt;|npc|&gt;Brann the blacksmith
 * &lt;|persona|&gt;Gruff and proud of his work, a man of few words.
 * &lt;|facts|&gt;An iron sword costs 40 silver.
 * An axe costs 25 silver.
 * &lt;|sees|&gt;The stranger is 3 m to the east.
 * &lt;|actions|&gt;idle talk nod wave alert work
 * &lt;|emotions|&gt;neutral proud angry suspicious
 * &lt;|player|&gt;What would a blade cost me?
 * &lt;|reply|&gt;&lt;|action|&gt;talk&lt;|emotion|&gt;proud&lt;|say|&gt;Forty silver. Best steel in the valley.&lt;|end|&gt;
 * </pre>
 *
 * Everything up to and including {@link #REPLY} and {@link #ACTION} is the prompt; the model
 * writes the action (constrained to the NPC's actions), then {@link #EMOTION} and the emotion
 * (constrained), then {@link #SAY}, the reply, and {@link #END}. A scene description reads
 * {@link #SCENE} lines, then {@link #DESCRIBE}, the description and {@link #END}.
 */
public final class PromptFormat {
    public static final String NPC = "<|npc|>";
    public static final String PERSONA = "<|persona|>";
    public static final String FACTS = "<|facts|>";
    public static final String SEES = "<|sees|>";
    public static final String ACTIONS = "<|actions|>";
    public static final String EMOTIONS = "<|emotions|>";
    public static final String PLAYER = "<|player|>";
    public static final String REPLY = "<|reply|>";
    public static final String ACTION = "<|action|>";
    public static final String EMOTION = "<|emotion|>";
    public static final String SAY = "<|say|>";
    public static final String END = "<|end|>";
    public static final String SCENE = "<|scene|>";
    public static final String DESCRIBE = "<|describe|>";

    /** The most characters of a player's utterance a prompt carries; longer ones are cut. */
    public static final int MAX_UTTERANCE = 400;

    /** Every marker: the tokenizer keeps each as one special token. */
    // spotless:off
    public static final List<String> MARKERS = List.of(NPC, PERSONA, FACTS, SEES, ACTIONS, EMOTIONS, PLAYER,
            REPLY, ACTION, EMOTION, SAY, END, SCENE, DESCRIBE);
    // spotless:on

    private PromptFormat() {}

    /**
     * What an NPC is asked, rendered as a prompt.
     *
     * @param npcName the NPC's display name
     * @param persona how it speaks and behaves
     * @param facts the facts retrieved for this turn (may be empty)
     * @param percepts what it perceives now (may be empty)
     * @param actions the actions it may answer with (not empty)
     * @param emotions the emotions it may show (not empty)
     * @param utterance what the player said
     */
    public record Dialogue(
            String npcName,
            String persona,
            List<String> facts,
            List<String> percepts,
            List<String> actions,
            List<String> emotions,
            String utterance) {

        public Dialogue {
            facts = List.copyOf(facts);
            percepts = List.copyOf(percepts);
            actions = List.copyOf(actions);
            emotions = List.copyOf(emotions);
            if (actions.isEmpty() || emotions.isEmpty()) {
                throw new IllegalArgumentException("a dialogue prompt needs at least one action and one emotion");
            }
        }

        /** @return the prompt, ending where the model starts writing (the action) */
        public String render() {
            return NPC + oneLine(npcName) + "\n" + PERSONA + oneLine(persona) + "\n"
                    + FACTS
                    + String.join(
                            "\n", facts.stream().map(PromptFormat::oneLine).toList()) + "\n"
                    + SEES
                    + String.join(
                            " ", percepts.stream().map(PromptFormat::oneLine).toList()) + "\n"
                    + ACTIONS + String.join(" ", actions) + "\n"
                    + EMOTIONS + String.join(" ", emotions) + "\n"
                    + PLAYER + PromptFormat.utterance(utterance) + "\n"
                    + REPLY + ACTION;
        }
    }

    /**
     * A reply as the model writes it after a dialogue prompt.
     *
     * @param action one of the prompt's actions
     * @param emotion one of the prompt's emotions
     * @param text what the NPC says
     */
    public record Reply(String action, String emotion, String text) {

        /** @return the reply as training targets spell it: action, emotion, text and the end marker */
        public String render() {
            return action + EMOTION + emotion + SAY + oneLine(text) + END;
        }
    }

    /**
     * What someone perceives, to be described in a few sentences:
     * <pre>
     * &lt;|scene|&gt;the forge, dusk, rain
     * Brann the blacksmith, 3 m east, working.
     * an anvil, 2 m north.
     * the well, 20 m south.
     * &lt;|describe|&gt;
     * </pre>
     * The description follows, then {@link #END}. It mentions what the lines list and nothing
     * else.
     *
     * @param place where the viewer stands ("the forge")
     * @param time the part of the day ("dawn", "day", "dusk", "night")
     * @param weather "clear", "rain", "fog", ... (may be empty)
     * @param things what is perceived, nearest first, one line each ("an anvil, 2 m north.")
     */
    public record Scene(String place, String time, String weather, List<String> things) {

        public Scene {
            things = List.copyOf(things);
        }

        /** @return the prompt, ending where the model starts describing */
        public String render() {
            StringBuilder b =
                    new StringBuilder(SCENE).append(oneLine(place)).append(", ").append(oneLine(time));
            if (!weather.isBlank()) {
                b.append(", ").append(oneLine(weather));
            }
            b.append('\n');
            for (String t : things) {
                b.append(oneLine(t)).append('\n');
            }
            return b.append(DESCRIBE).toString();
        }
    }

    /**
     * A player's words made safe for a prompt: control characters and markers defused, on one
     * line, and cut at {@link #MAX_UTTERANCE} characters (at a word boundary where there is one),
     * so a 10,000-character paste or binary junk costs a bounded, harmless prompt.
     *
     * @param text what the player typed (not null)
     * @return the text to put in the prompt ("..." marks a cut)
     */
    public static String utterance(String text) {
        StringBuilder clean = new StringBuilder(Math.min(text.length(), MAX_UTTERANCE + 1));
        for (int i = 0; i < text.length() && clean.length() <= MAX_UTTERANCE; i++) {
            char c = text.charAt(i);
            clean.append(Character.isISOControl(c) || c == '\uFFFD' ? ' ' : c);
        }
        // A run of one character ("AAAAAAAA", "!!!!!!!") is cut to three: what it says survives, and
        // the decoder is not pushed far outside anything it learned from.
        String s = oneLine(clean.toString()).replaceAll("\\s+", " ").replaceAll("([^0-9])\\1{3,}", "$1$1$1");
        if (s.length() > MAX_UTTERANCE) {
            int cut = s.lastIndexOf(' ', MAX_UTTERANCE);
            s = s.substring(0, cut > MAX_UTTERANCE / 2 ? cut : MAX_UTTERANCE) + "...";
        }
        return s;
    }

    /**
     * Keeps user text from forging structure: markers are defused and lines joined, so a
     * player cannot write "&lt;|reply|&gt;" and speak for the NPC.
     *
     * @param text any text (not null)
     * @return the text on one line, with "&lt;|" written as "&lt; |"
     */
    public static String oneLine(String text) {
        return text.replace("<|", "< |").replace('\n', ' ').replace('\r', ' ').strip();
    }
}
