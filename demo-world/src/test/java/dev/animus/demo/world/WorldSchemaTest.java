package dev.animus.demo.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** docs/world.schema.json, the schema editors use, accepts what Animus accepts and flags typos. */
class WorldSchemaTest {
    private static final Path DOCS = Path.of(System.getProperty("animus.docs.dir", "../docs"));
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    private Set<ValidationMessage> validate(JsonNode world) throws Exception {
        try (InputStream schema = Files.newInputStream(DOCS.resolve("world.schema.json"))) {
            JsonSchema s =
                    JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema);
            return s.validate(world);
        }
    }

    @Test
    void lanternfallMatchesTheSchema() throws Exception {
        JsonNode world = yaml.readTree(Files.readString(Path.of("../assets/Worlds/lanternfall.world")));
        assertEquals(Set.of(), validate(world));
    }

    @Test
    void theSchemaFlagsAMisspeltKeyAndABadEnum() throws Exception {
        // An action or emotion may be one the world declares, so the schema takes any id there
        // (Animus's validator checks it against the declared list); a part of the day is an enum.
        JsonNode world = yaml.readTree("animus: 1\nworld: {id: t, name: T, start_phase: noon}\nnpcs:\n"
                + "  - {id: pip, name: Pip, persona: cheeky, facs: [x], actions: [Dance!]}\n");
        Set<ValidationMessage> problems = validate(world);
        assertTrue(problems.stream().anyMatch(m -> m.getMessage().contains("facs")), problems.toString());
        assertTrue(problems.stream().anyMatch(m -> m.getMessage().contains("start_phase")), problems.toString());
        assertTrue(problems.stream().anyMatch(m -> m.getMessage().contains("actions[0]")), problems.toString());
    }
}
