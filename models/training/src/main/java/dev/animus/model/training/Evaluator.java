package dev.animus.model.training;

import dev.animus.model.llama.Generator;
import dev.animus.model.llama.LlamaModel;
import dev.animus.model.llama.LlamaTokenizer;
import dev.animus.model.llama.Segment;
import dev.animus.model.llama.SequenceDecoder;
import dev.animus.model.prompt.PromptFormat;
import dev.animus.model.prompt.ReplyPlan;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Judges a decoder on held-out dialogue samples the way the plugin will use it: the action and
 * emotion constrained to the NPC's lists, then a free reply until the end marker.
 */
public final class Evaluator {
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final Pattern NAME = Pattern.compile("\\b[A-Z][a-z]{2,}\\b");

    private Evaluator() {}

    /**
     * The figures of one evaluation.
     *
     * @param samples how many were judged
     * @param factQuestions of which asked for a fact
     * @param rightFact fact answers that contain the right value
     * @param invented replies with a number or name found neither in the prompt nor in the right answer
     * @param validTags replies whose action and emotion were among the allowed ones
     * @param perplexity exp of the held-out loss (0 when not measured)
     * @param scenes scene descriptions judged
     * @param thingsListed things their prompts listed
     * @param thingsMentioned of which the descriptions mentioned
     * @param scenesInventing descriptions naming something their prompt did not list
     * @param memoryQuestions questions about something the NPC remembers
     * @param rightMemory replies that use the memory asked about
     */
    public record Report(
            int samples,
            int factQuestions,
            int rightFact,
            int invented,
            int validTags,
            double perplexity,
            int scenes,
            int thingsListed,
            int thingsMentioned,
            int scenesInventing,
            int memoryQuestions,
            int rightMemory) {

        @Override
        public String toString() {
            int dialogues = samples - scenes;
            return String.format(
                    Locale.ROOT,
                    "%d dialogue samples: right fact %d/%d (%.0f%%), invented a number or name %d"
                            + " (%.0f%%), valid tags %d (%.0f%%); %d scenes: things mentioned %d/%d (%.0f%%), scenes naming"
                            + " something not there %d (%.0f%%); memory questions answered from the memory %d/%d (%.0f%%);"
                            + " perplexity %.2f",
                    dialogues,
                    rightFact,
                    factQuestions,
                    100.0 * rightFact / Math.max(1, factQuestions),
                    invented,
                    100.0 * invented / Math.max(1, dialogues),
                    validTags,
                    100.0 * validTags / Math.max(1, dialogues),
                    scenes,
                    thingsMentioned,
                    thingsListed,
                    100.0 * thingsMentioned / Math.max(1, thingsListed),
                    scenesInventing,
                    100.0 * scenesInventing / Math.max(1, scenes),
                    rightMemory,
                    memoryQuestions,
                    100.0 * rightMemory / Math.max(1, memoryQuestions),
                    perplexity);
        }
    }

    /**
     * @param model the decoder
     * @param tokenizer its tokenizer
     * @param samples held-out samples
     * @param perplexity exp of the held-out loss, or 0
     * @return the figures
     */
    public static Report evaluate(
            LlamaModel model, LlamaTokenizer tokenizer, List<WorldGenerator.Sample> samples, double perplexity) {
        long end = ReplyPlan.endToken(tokenizer);
        int facts = 0;
        int right = 0;
        int invented = 0;
        int valid = 0;
        int scenes = 0;
        int listed = 0;
        int mentioned = 0;
        int scenesInventing = 0;
        int memories = 0;
        int rightMemory = 0;
        for (WorldGenerator.Sample s : samples) {
            if (s.kind() == WorldGenerator.Kind.SCENE) {
                scenes++;
                String text = describe(model, tokenizer, s.prompt(), end);
                for (String thing : things(s.prompt())) {
                    listed++;
                    mentioned += mentions(text, thing) ? 1 : 0;
                }
                scenesInventing += invents(text, s.prompt()) ? 1 : 0;
                continue;
            }
            Reply reply = reply(model, tokenizer, s.prompt(), end);
            if (reply.validTags()) {
                valid++;
            }
            if (s.kind() == WorldGenerator.Kind.FACT) {
                facts++;
                if (reply.text().contains(s.key())) {
                    right++;
                }
            }
            if (s.kind() == WorldGenerator.Kind.MEMORY && s.key() != null) {
                memories++;
                if (reply.text().toLowerCase(Locale.ROOT).contains(s.key().toLowerCase(Locale.ROOT))) {
                    rightMemory++;
                }
            }
            // A name or number neither the prompt nor the right answer has: a voice's own fixed
            // lines ("Citizen. State your business.") are not inventions.
            if (invents(reply.text(), s.prompt() + "\n" + s.target())) {
                invented++;
            }
        }
        return new Report(
                samples.size(),
                facts,
                right,
                invented,
                valid,
                perplexity,
                scenes,
                listed,
                mentioned,
                scenesInventing,
                memories,
                rightMemory);
    }

    /**
     * Describes a scene prompt as the plugin will: free text until the end marker.
     *
     * @return the description
     */
    public static String describe(LlamaModel model, LlamaTokenizer tokenizer, String prompt, long endToken) {
        SequenceDecoder d = new SequenceDecoder(
                ReplyPlan.generation(endToken)
                        .withStopTokens(ReplyPlan.stopTokens(tokenizer))
                        .withMaxNewTokens(90)
                        .withNoRepeatNgram(0),
                List.of(new Segment.Free()),
                tokenizer,
                null);
        Generator.run(model, tokenizer.encodePlain(prompt), d);
        return tokenizer.decode(d.tokens(), true).replace(PromptFormat.END, "").strip();
    }

    /** Whether a description names a thing (its first letter may be capitalised to start a sentence). */
    static boolean mentions(String text, String thing) {
        return text.contains(thing)
                || text.contains(thing.substring(0, 1).toUpperCase(Locale.ROOT) + thing.substring(1));
    }

    /** The names of the things a scene prompt lists: each line up to its first comma, without its article. */
    static List<String> things(String prompt) {
        String body = prompt.substring(prompt.indexOf('\n') + 1, prompt.indexOf(PromptFormat.DESCRIBE));
        return body.lines()
                .filter(l -> !l.isBlank())
                .map(l -> l.substring(0, l.indexOf(',')))
                .map(n -> n.replaceFirst("^(a|an) ", ""))
                .toList();
    }

    /** What the model answered to one prompt. */
    public record Reply(String action, String emotion, String text, boolean validTags) {}

    /**
     * Asks the model one prompt as the plugin does.
     *
     * @param prompt a rendered dialogue prompt (ends with the action marker)
     * @param endToken the id of the end marker
     * @return the reply
     */
    public static Reply reply(LlamaModel model, LlamaTokenizer tokenizer, String prompt, long endToken) {
        List<String> actions = List.of(line(prompt, PromptFormat.ACTIONS).split(" "));
        List<String> emotions = List.of(line(prompt, PromptFormat.EMOTIONS).split(" "));
        SequenceDecoder d = new SequenceDecoder(
                ReplyPlan.generation(endToken).withStopTokens(ReplyPlan.stopTokens(tokenizer)),
                ReplyPlan.dialogue(tokenizer, actions, emotions, model.config().vocabSize()),
                tokenizer,
                null);
        Generator.run(model, tokenizer.encodePlain(prompt), d);
        List<String> chosen = d.choices();
        String text = ReplyPlan.text(tokenizer.decode(d.tokens(), false));
        boolean validTags = chosen.size() == 2 && actions.contains(chosen.get(0)) && emotions.contains(chosen.get(1));
        return new Reply(
                chosen.isEmpty() ? "" : chosen.get(0), chosen.size() < 2 ? "" : chosen.get(1), text, validTags);
    }

    /** Whether a reply holds a number or a capitalised name that the prompt does not. */
    static boolean invents(String reply, String prompt) {
        String lower = prompt.toLowerCase(Locale.ROOT);
        for (Pattern p : List.of(NUMBER, NAME)) {
            Matcher m = p.matcher(reply);
            while (m.find()) {
                // A word the prompt has in lower case only starts a sentence ("Dusk at the forge.").
                if (!lower.contains(m.group().toLowerCase(Locale.ROOT)) && !COMMON.contains(m.group())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Capitalised words that are not names (sentence starts, openers). */
    private static final Set<String> COMMON =
            Set.copyOf(Arrays.asList(("The They That Word Well Hello Welcome Good Give Back "
                            + "Don Can Help Try Stand Threaten Put Violence Peace Child Friend Citizen Stranger Right Listen Aye Heh Psst Easy "
                            + "Now Please Go Ah Hm Hey Oi Dunno Busy Can't Not Very Sit Speak Ask Sorry Couldn Word Lovely Nice Cold How What "
                            + "We My Our Its Yes Nothing Some There This Oh It Well Busy Tell Got Sure Daylight First Nearby Close")
                    .split(" ")));

    private static String line(String prompt, String marker) {
        int start = prompt.indexOf(marker) + marker.length();
        return prompt.substring(start, prompt.indexOf('\n', start));
    }
}
