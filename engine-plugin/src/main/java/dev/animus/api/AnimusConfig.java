package dev.animus.api;

import dev.animus.dialogue.DialogueService;
import dev.animus.inference.QueueConfig;
import dev.animus.model.encoder.EncoderFiles;
import dev.animus.model.encoder.EncoderOptions;
import dev.animus.model.runtime.DevicePreference;
import dev.animus.perception.ThinkRate;
import dev.animus.runtime.Models;
import dev.animus.runtime.WorldRuntime;
import dev.animus.world.Vocabulary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the plugin runs. Immutable; build one with {@link #builder()}. Every value has a
 * sane default, so {@code AnimusConfig.builder().build()} is a working configuration; each
 * accessor says what its value means, each builder method its default.
 */
public final class AnimusConfig {
    private final Optional<EncoderFiles> encoder;
    private final EncoderPooling encoderPooling;
    private final Device device;
    private final QueueConfig queue;
    private final int resultsPerFrame;
    private final String npcUserDataKey;
    private final float scanIntervalSeconds;
    private final int inferenceThreads;
    private final Optional<Path> decoder;
    private final boolean dialogue;
    private final int conversations;
    private final Path saveFolder;
    private final int memoryCapacity;
    private final ThinkRate thinkRate;
    private final boolean lineOfSight;
    private final boolean speechBubbles;
    private final boolean locomotion;
    private final Map<String, GameAction> gameActions;
    private final double replyTimeoutSeconds;
    private final ClipMapper clips;
    private final BubbleDrawer bubbles;
    private final boolean freeReplies;
    private final boolean answerJudge;
    private final DecoderPrecision decoderPrecision;
    private final Optional<InferenceServer> backend;

    /** The behaviour actions world files know without registration; game actions may not reuse them. */
    public static final List<String> BUILT_IN_ACTIONS = Vocabulary.RESERVED_ACTION_NAMES;

    /**
     * @return the vocabulary world files are checked against: Animus's own, with the game's
     *     registered actions
     */
    public Vocabulary vocabulary() {
        return Vocabulary.CORE.withGameActions(gameActions.keySet());
    }

    /** What the models are and how they run, for the engine-free runtime. */
    Models.Setup models() {
        return new Models.Setup(
                encoder,
                EncoderOptions.Pooling.valueOf(encoderPooling.name()),
                DevicePreference.valueOf(device.name()),
                inferenceThreads,
                queue,
                dialogue,
                decoder,
                conversations,
                freeReplies ? DialogueService.Style.FREE : DialogueService.Style.GROUNDED,
                answerJudge,
                backend.map(InferenceServer::settings),
                dev.animus.model.llama.Precision.valueOf(decoderPrecision.name()));
    }

    /** The default user-data key: {@code spatial.setUserData("animus.npc", "brann")}. */
    public static final String DEFAULT_NPC_KEY = "animus.npc";

    private AnimusConfig(
            Optional<EncoderFiles> encoder,
            EncoderPooling encoderPooling,
            Device device,
            QueueConfig queue,
            int resultsPerFrame,
            String npcUserDataKey,
            float scanIntervalSeconds,
            int inferenceThreads,
            Optional<Path> decoder,
            boolean dialogue,
            int conversations,
            Path saveFolder,
            int memoryCapacity,
            ThinkRate thinkRate,
            boolean lineOfSight,
            boolean speechBubbles,
            boolean locomotion,
            Map<String, GameAction> gameActions,
            double replyTimeoutSeconds,
            ClipMapper clips,
            BubbleDrawer bubbles,
            boolean freeReplies,
            boolean answerJudge,
            Optional<InferenceServer> backend,
            DecoderPrecision decoderPrecision) {
        gameActions = Collections.unmodifiableMap(new LinkedHashMap<>(gameActions));
        if (!(replyTimeoutSeconds >= 0.001 && replyTimeoutSeconds <= 3600)) {
            throw new IllegalArgumentException(
                    "replyTimeoutSeconds must be in [0.001, 3600], got " + replyTimeoutSeconds);
        }
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(clips, "clips");
        Objects.requireNonNull(encoderPooling, "encoderPooling");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(queue, "queue");
        if (resultsPerFrame < 1 || resultsPerFrame > 100_000) {
            throw new IllegalArgumentException("resultsPerFrame must be in [1, 100000], got " + resultsPerFrame);
        }
        if (npcUserDataKey == null || npcUserDataKey.isBlank()) {
            throw new IllegalArgumentException("npcUserDataKey must not be blank");
        }
        if (!(scanIntervalSeconds >= 0 && scanIntervalSeconds <= 3600)) {
            throw new IllegalArgumentException("scanIntervalSeconds must be in [0, 3600], got " + scanIntervalSeconds);
        }
        if (inferenceThreads < 0 || inferenceThreads > 1024) {
            throw new IllegalArgumentException("inferenceThreads must be in [0, 1024], got " + inferenceThreads);
        }
        Objects.requireNonNull(decoder, "decoder");
        if (conversations < 1 || conversations > 4096) {
            throw new IllegalArgumentException("conversations must be in [1, 4096], got " + conversations);
        }
        Objects.requireNonNull(saveFolder, "saveFolder");
        Objects.requireNonNull(thinkRate, "thinkRate");
        if (memoryCapacity < 4 || memoryCapacity > 1_000_000) {
            throw new IllegalArgumentException("memoryCapacity must be in [4, 1000000], got " + memoryCapacity);
        }
        this.encoder = encoder;
        this.encoderPooling = encoderPooling;
        this.device = device;
        this.queue = queue;
        this.resultsPerFrame = resultsPerFrame;
        this.npcUserDataKey = npcUserDataKey;
        this.scanIntervalSeconds = scanIntervalSeconds;
        this.inferenceThreads = inferenceThreads;
        this.decoder = decoder;
        this.dialogue = dialogue;
        this.conversations = conversations;
        this.saveFolder = saveFolder;
        this.memoryCapacity = memoryCapacity;
        this.thinkRate = thinkRate;
        this.lineOfSight = lineOfSight;
        this.speechBubbles = speechBubbles;
        this.locomotion = locomotion;
        this.gameActions = gameActions;
        this.replyTimeoutSeconds = replyTimeoutSeconds;
        this.clips = clips;
        this.bubbles = bubbles;
        this.freeReplies = freeReplies;
        this.answerJudge = answerJudge;
        this.backend = Objects.requireNonNull(backend, "backend");
        this.decoderPrecision = Objects.requireNonNull(decoderPrecision, "decoderPrecision");
    }

    /** @return what the in-process decoder keeps its weights and activations in */
    public DecoderPrecision decoderPrecision() {
        return decoderPrecision;
    }

    /** @return the inference server that writes replies, or empty when the decoder runs in this process */
    public Optional<InferenceServer> backend() {
        return backend;
    }

    /** @return the sentence encoder's files, or empty for the bundled BGE-small-en-v1.5 */
    Optional<EncoderFiles> encoder() {
        return encoder;
    }

    /** @return how the encoder's token states become a sentence vector */
    public EncoderPooling encoderPooling() {
        return encoderPooling;
    }

    /** @return where models run */
    public Device device() {
        return device;
    }

    /** @return worker threads, batch limit and capacity of the inference queue */
    QueueConfig queue() {
        return queue;
    }

    /** @return most results applied on the render thread in one frame */
    public int resultsPerFrame() {
        return resultsPerFrame;
    }

    /** @return user-data key that marks a spatial as an NPC; its value is the NPC id */
    public String npcUserDataKey() {
        return npcUserDataKey;
    }

    /** @return how often the scene is scanned for newly tagged spatials */
    public float scanIntervalSeconds() {
        return scanIntervalSeconds;
    }

    /** @return CPU threads a model uses for one batch, or 0 for all cores but one (the render thread keeps a core of its own) */
    public int inferenceThreads() {
        return inferenceThreads;
    }

    /** @return the folder of a Llama-family checkpoint that writes NPCs' replies, or empty for the bundled Animus model */
    public Optional<Path> decoder() {
        return decoder;
    }

    /** @return whether NPCs answer with the decoder (false: scripted behaviours only) */
    public boolean dialogue() {
        return dialogue;
    }

    /** @return most replies the decoder writes at once, per worker (continuous batching) */
    public int conversations() {
        return conversations;
    }

    /** @return where {@code WorldSession.save()} puts a world's save by default */
    public Path saveFolder() {
        return saveFolder;
    }

    /** @return most memories kept per NPC (older, unimportant ones are dropped first) */
    public int memoryCapacity() {
        return memoryCapacity;
    }

    /** @return the AI level of detail: how often NPCs think, by distance to the player and visibility */
    ThinkRate thinkRate() {
        return thinkRate;
    }

    /** @return whether NPCs' sight is blocked by scene geometry (ray tests) */
    public boolean lineOfSight() {
        return lineOfSight;
    }

    /** @return whether NPCs' lines show in Lemur speech bubbles above their heads */
    public boolean speechBubbles() {
        return speechBubbles;
    }

    /** @return whether the plugin walks NPCs to where their schedules and behaviours send them and turns them to face who they talk to (straight lines, no path finding) */
    public boolean locomotion() {
        return locomotion;
    }

    /** @return the game's own behaviour actions, by the name world files use */
    public Map<String, GameAction> gameActions() {
        return gameActions;
    }

    /** @return how long an NPC waits for the decoder before it says a fallback line */
    public double replyTimeoutSeconds() {
        return replyTimeoutSeconds;
    }

    /** @return which clip of the game's rigs plays an action the world file maps to none */
    public ClipMapper clips() {
        return clips;
    }

    /** @return how speech bubbles are drawn, or null for the plugin's Lemur bubbles */
    public BubbleDrawer bubbles() {
        return bubbles;
    }

    /** @return whether the decoder writes every reply itself, rather than stating the fact retrieval chose and choosing its other lines (see the README's "Talking to NPCs") */
    public boolean freeReplies() {
        return freeReplies;
    }

    /**
     * @return whether the answer judge decides which retrieved fact answers a question, or that
     *     none does and the NPC says it does not know (grounded replies)
     */
    public boolean answerJudge() {
        return answerJudge;
    }

    /** @return a builder with every default set */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link AnimusConfig}. Every setting is optional. Not thread-safe. */
    public static final class Builder {
        private Path encoderFolder;
        private EncoderPooling encoderPooling =
                EncoderPooling.valueOf(Models.Setup.DEFAULT.pooling().name());
        private Device device = Device.valueOf(Models.Setup.DEFAULT.device().name());
        private QueueConfig queue = Models.Setup.DEFAULT.queue();
        private ClipMapper clips = ClipMapper.SAME_NAME;
        private BubbleDrawer bubbles;
        private int resultsPerFrame = 256;
        private String npcUserDataKey = DEFAULT_NPC_KEY;
        private float scanIntervalSeconds = 0.5f;
        private int inferenceThreads = Models.Setup.DEFAULT.threads();
        private Path decoderFolder;
        private boolean dialogue = true;
        private int conversations = Models.Setup.DEFAULT.conversations();
        private Path saveFolder = Path.of(System.getProperty("user.home"), ".animus", "saves");
        private int memoryCapacity = WorldRuntime.Settings.DEFAULT.memoryCapacity();
        private ThinkRate thinkRate = ThinkRate.DEFAULT;
        private boolean lineOfSight = true;
        private boolean speechBubbles = true;
        private boolean locomotion = true;
        private final Map<String, GameAction> gameActions = new LinkedHashMap<>();
        private double replyTimeoutSeconds = WorldRuntime.Settings.DEFAULT.replyTimeoutSeconds();
        private boolean freeReplies;
        private boolean answerJudge = Models.Setup.DEFAULT.judge();
        private DecoderPrecision decoderPrecision =
                DecoderPrecision.valueOf(Models.Setup.DEFAULT.precision().name());
        private InferenceServer backend;

        private Builder() {}

        /**
         * Uses your own sentence encoder instead of the bundled one.
         *
         * @param folder a folder with {@code model.onnx} and {@code tokenizer.json} (checked at
         *     {@link #build()})
         * @return this builder
         */
        public Builder encoderFolder(Path folder) {
            this.encoderFolder = Objects.requireNonNull(folder, "folder");
            return this;
        }

        /**
         * @param pooling how your encoder pools token states: CLS for BGE-style models (the
         *     default, right for the bundled one), MEAN for sentence-transformers such as MiniLM
         * @return this builder
         */
        public Builder encoderPooling(EncoderPooling pooling) {
            this.encoderPooling = Objects.requireNonNull(pooling, "pooling");
            return this;
        }

        /** @param preference where models run (default AUTO) @return this builder */
        public Builder device(Device preference) {
            this.device = Objects.requireNonNull(preference, "preference");
            return this;
        }

        /** @param n inference worker threads (1 to 16, default 1) @return this builder */
        public Builder workers(int n) {
            this.queue = queue.withWorkers(n);
            return this;
        }

        /**
         * @param yield whether inference threads run at the lowest CPU priority, so they never
         *     take a core from the render thread (default true; Linux, elsewhere no change). They
         *     still use every core the game leaves idle. Turn it off in a game that keeps every
         *     core busy, where NPCs would otherwise wait to think.
         * @return this builder
         */
        public Builder yieldToGame(boolean yield) {
            this.queue = queue.withYieldToGame(yield);
            return this;
        }

        /** @param n largest batch (1 to 4096, default 64) @return this builder */
        public Builder maxBatchSize(int n) {
            this.queue = queue.withMaxBatchSize(n);
            return this;
        }

        /** @param n requests that may wait before overload handling (default 1024) @return this builder */
        public Builder queueCapacity(int n) {
            this.queue = queue.withCapacity(n);
            return this;
        }

        /**
         * @param seconds how long one batch or decode step may run before the model counts as
         *     stalled: its requests fail (NPCs say fallback lines) and a new worker takes over
         *     (0.05 to 3600, default 20)
         * @return this builder
         */
        public Builder stallSeconds(double seconds) {
            this.queue = queue.withStallSeconds(seconds);
            return this;
        }

        /**
         * @param seconds how long background work (what NPCs perceive) may wait for a worker
         *     before it is shed as stale; an NPC perceives what was shed again at its next
         *     thought (0.01 to 3600, default 0.5)
         * @return this builder
         */
        public Builder ambientWaitSeconds(double seconds) {
            this.queue = queue.withAmbientWaitSeconds(seconds);
            return this;
        }

        /**
         * @param seconds how long a worker may take to load a model before the load counts as
         *     hung: the model's requests fail (NPCs say fallback lines) with the reason
         *     (0.05 to 86400, default 300)
         * @return this builder
         */
        public Builder loadSeconds(double seconds) {
            this.queue = queue.withLoadSeconds(seconds);
            return this;
        }

        /** @param n most results applied per frame (1 to 100000, default 256) @return this builder */
        public Builder resultsPerFrame(int n) {
            this.resultsPerFrame = n;
            return this;
        }

        /** @param key user-data key that marks NPC spatials (default "animus.npc") @return this builder */
        public Builder npcUserDataKey(String key) {
            this.npcUserDataKey = key;
            return this;
        }

        /** @param seconds how often to look for newly tagged spatials (0 = every frame, default 0.5) @return this builder */
        public Builder scanIntervalSeconds(float seconds) {
            this.scanIntervalSeconds = seconds;
            return this;
        }

        /**
         * @param n CPU threads per batch (0 = all cores but one, the default; 1 to 1024 otherwise)
         * @return this builder
         */
        public Builder inferenceThreads(int n) {
            this.inferenceThreads = n;
            return this;
        }

        /**
         * Uses your own decoder for NPCs' replies instead of the bundled Animus model: a
         * Hugging Face checkpoint (Llama, Mistral, Qwen2, Qwen3, Gemma 2, Gemma 3 text). One trained for
         * Animus's prompt markers is prompted in them; any other is prompted through its own
         * chat template ({@code chat_template.jinja} or {@code tokenizer_config.json}), its
         * replies tagged {@code [action, emotion]} over its ordinary tokens. A checkpoint with
         * neither is refused when dialogue starts.
         *
         * @param folder a folder with {@code config.json}, {@code model.safetensors} (or its index
         *     and shards) and {@code tokenizer.json} (checked at {@link #build()})
         * @return this builder
         */
        public Builder decoderFolder(Path folder) {
            this.decoderFolder = Objects.requireNonNull(folder, "folder");
            return this;
        }

        /**
         * @param enabled whether NPCs answer with the decoder (default true); false keeps them to
         *     their scripted lines and saves loading the decoder
         * @return this builder
         */
        public Builder dialogue(boolean enabled) {
            this.dialogue = enabled;
            return this;
        }

        /** @param n most replies written at once per worker (1 to 4096, default 16) @return this builder */
        public Builder conversations(int n) {
            this.conversations = n;
            return this;
        }

        /**
         * @param folder where worlds are saved by default (default {@code ~/.animus/saves}; a
         *     world's save is {@code <folder>/<world id>.save.db})
         * @return this builder
         */
        public Builder saveFolder(Path folder) {
            this.saveFolder = Objects.requireNonNull(folder, "folder");
            return this;
        }

        /**
         * The AI level of detail: how often NPCs think, by distance to the player. The default
         * is every frame within 15 m, 4 times a second to 40 m, about once a second beyond or out
         * of sight: {@code thinkRate(15, 40, 0.25f, 0.9f)}.
         *
         * @param nearMetres within this distance (and in sight), an NPC thinks every frame
         * @param midMetres within this distance (and in sight), every {@code midSeconds}
         * @param midSeconds seconds between thoughts in the middle band
         * @param farSeconds seconds between thoughts beyond it or out of sight
         * @return this builder
         * @throws IllegalArgumentException for distances or intervals out of order or range
         */
        public Builder thinkRate(float nearMetres, float midMetres, float midSeconds, float farSeconds) {
            this.thinkRate = new ThinkRate(nearMetres, midMetres, midSeconds, farSeconds);
            return this;
        }

        /**
         * @param enabled whether walls and other scene geometry hide things from NPCs (default true;
         *     false saves the ray tests)
         * @return this builder
         */
        public Builder lineOfSight(boolean enabled) {
            this.lineOfSight = enabled;
            return this;
        }

        /**
         * @param enabled whether lines show in Lemur speech bubbles (default true; false for a game
         *     that draws its own, from a DialogueListener and the Say commands)
         * @return this builder
         */
        public Builder speechBubbles(boolean enabled) {
            this.speechBubbles = enabled;
            return this;
        }

        /**
         * @param enabled whether the plugin carries out {@code walk_to} and {@code face} on NPCs'
         *     spatials (default true: straight lines at walking pace; false for a game that moves
         *     NPCs itself, with its own path finding, from an NpcActionListener)
         * @return this builder
         */
        public Builder locomotion(boolean enabled) {
            this.locomotion = enabled;
            return this;
        }

        /**
         * Registers a behaviour action of the game's own, which world files may then name in
         * {@code do} lists ({@code - open_shop: blacksmith}). A world file naming an action
         * nobody registered fails validation with the list of registered ones.
         *
         * @param name the name world files use: lower case letters, digits and '_', not one
         *     of Animus's own actions (say, animate, walk_to, ...)
         * @param action what it does, on the render thread
         * @return this builder
         * @throws IllegalArgumentException for a malformed, built-in or already registered name
         */
        public Builder action(String name, GameAction action) {
            Objects.requireNonNull(action, "action");
            if (name == null || !name.matches("[a-z][a-z0-9_]{0,63}")) {
                throw new IllegalArgumentException("A game action's name must be lower case letters, digits and '_'"
                        + " (starting with a letter), got '" + name + "'");
            }
            if (BUILT_IN_ACTIONS.contains(name)) {
                throw new IllegalArgumentException("'" + name + "' is one of Animus's own actions; give the game's"
                        + " action another name. Animus's: " + BUILT_IN_ACTIONS);
            }
            if (gameActions.putIfAbsent(name, action) != null) {
                throw new IllegalArgumentException("The game action '" + name + "' is registered twice");
            }
            return this;
        }

        /**
         * @param seconds how long an NPC waits for the decoder's reply before it says one of its
         *     fallback lines instead (0.001 to 3600, default 30): a stuck or overloaded model never
         *     leaves a player waiting without an answer
         * @return this builder
         */
        public Builder replyTimeoutSeconds(double seconds) {
            this.replyTimeoutSeconds = seconds;
            return this;
        }

        /**
         * @param free true to have the decoder write every reply from its prompt (default false:
         *     a question a fact answers is answered with that fact, the decoder choosing the
         *     opener, and its "I don't know"s and other lines are chosen from set lines). For a
         *     decoder of your own that copies facts and names it never saw; the bundled one does not.
         * @return this builder
         */
        public Builder freeReplies(boolean free) {
            this.freeReplies = free;
            return this;
        }

        /**
         * @param enabled whether the bundled answer judge reads each question with the facts
         *     retrieval found and decides which one answers it, or that none does (default true;
         *     false: the most similar fact above the floor answers, one model fewer to load)
         * @return this builder
         */
        public Builder answerJudge(boolean enabled) {
            this.answerJudge = enabled;
            return this;
        }

        /**
         * @param precision what the in-process decoder keeps its weights, activations and
         *     key/value caches in (default {@link DecoderPrecision#AUTO}: fp16 on a GPU, fp32 on
         *     the CPU)
         * @return this builder
         */
        public Builder decoderPrecision(DecoderPrecision precision) {
            this.decoderPrecision = Objects.requireNonNull(precision, "precision");
            return this;
        }

        /**
         * Sends NPCs' replies to an inference server instead of decoding them in this process
         * (default: in this process). The decoder folder (or the bundled model) still gives the
         * tokenizer and limits, so the server must serve that checkpoint ({@code Launcher
         * export-gguf} writes it for llama.cpp). A server that is down or slow never stalls a
         * frame: its replies time out and the NPCs say their fallback lines.
         *
         * @param server the server (not null)
         * @return this builder
         */
        public Builder backend(InferenceServer server) {
            this.backend = Objects.requireNonNull(server, "server");
            return this;
        }

        /**
         * @param mapper which clip of the game's rigs plays an action or emotion the NPC's world
         *     file maps to none (default {@link ClipMapper#SAME_NAME}: the clip named like it)
         * @return this builder
         */
        public Builder clips(ClipMapper mapper) {
            this.clips = Objects.requireNonNull(mapper, "mapper");
            return this;
        }

        /**
         * @param drawer how speech bubbles look (default: a Lemur label on a dark quad); the plugin
         *     keeps deciding what they say, when, and where they hang
         * @return this builder
         */
        public Builder bubbles(BubbleDrawer drawer) {
            this.bubbles = Objects.requireNonNull(drawer, "drawer");
            return this;
        }

        /** @param n most memories kept per NPC (4 to 1000000, default 256) @return this builder */
        public Builder memoryCapacity(int n) {
            this.memoryCapacity = n;
            return this;
        }

        /**
         * @return the configuration
         * @throws IllegalArgumentException naming the bad value, for example a missing encoder file
         */
        public AnimusConfig build() {
            Optional<EncoderFiles> files =
                    encoderFolder == null ? Optional.empty() : Optional.of(EncoderFiles.inFolder(encoderFolder));
            if (decoderFolder != null) {
                for (String name : new String[] {"config.json", "tokenizer.json"}) {
                    if (!Files.isRegularFile(decoderFolder.resolve(name))) {
                        throw new IllegalArgumentException("The decoder folder " + decoderFolder.toAbsolutePath()
                                + " has no " + name + ". Point decoderFolder at a Hugging Face Llama checkpoint"
                                + " (config.json, model.safetensors, tokenizer.json), or leave it unset for the"
                                + " bundled model.");
                    }
                }
            }
            return new AnimusConfig(
                    files,
                    encoderPooling,
                    device,
                    queue,
                    resultsPerFrame,
                    npcUserDataKey,
                    scanIntervalSeconds,
                    inferenceThreads,
                    Optional.ofNullable(decoderFolder),
                    dialogue,
                    conversations,
                    saveFolder,
                    memoryCapacity,
                    thinkRate,
                    lineOfSight,
                    speechBubbles,
                    locomotion,
                    gameActions,
                    replyTimeoutSeconds,
                    clips,
                    bubbles,
                    freeReplies,
                    answerJudge,
                    Optional.ofNullable(backend),
                    decoderPrecision);
        }
    }
}
