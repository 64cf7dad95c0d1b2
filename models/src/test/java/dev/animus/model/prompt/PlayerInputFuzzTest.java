package dev.animus.model.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.animus.model.llama.DecoderFiles;
import dev.animus.model.llama.LlamaTokenizer;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzing of the player-input path: any text a player types or pastes (any Unicode, control
 * characters, broken surrogates, markers, thousands of characters) becomes a bounded, safe line
 * of the prompt, and the whole prompt tokenises with the bundled tokenizer with exactly the
 * template's markers: a player cannot forge structure or make the prompt unbounded.
 */
class PlayerInputFuzzTest {
    private static LlamaTokenizer tokenizer;
    private static long reply;

    @BeforeContainer
    static void load() {
        tokenizer = LlamaTokenizer.load(DecoderFiles.bundled());
        reply = tokenizer.encodePlain(PromptFormat.REPLY)[0];
    }

    @AfterContainer
    static void close() {
        tokenizer.close();
    }

    @Property
    void anythingTypedBecomesABoundedSafeLineAndTokenises(@ForAll @StringLength(max = 5000) String typed) {
        String line = PromptFormat.utterance(typed);
        assertTrue(line.length() <= PromptFormat.MAX_UTTERANCE + 3, () -> line.length() + " characters");
        assertFalse(line.contains("<|") || line.contains("\n") || line.chars().anyMatch(Character::isISOControl), line);
        String prompt = new PromptFormat.Dialogue(
                        "Pip the child",
                        "cheeky",
                        List.of("A coin buys a secret."),
                        List.of(),
                        List.of("talk"),
                        List.of("neutral"),
                        typed)
                .render();
        long[] ids = tokenizer.encodePlain(prompt);
        assertTrue(ids.length < 2000, () -> ids.length + " tokens");
        assertEquals(1, Arrays.stream(ids).filter(id -> id == reply).count(), "one reply marker: the template's");
    }
}
