package dev.animus.api;

/** How a sentence encoder's token states become one vector: {@link AnimusConfig.Builder#encoderPooling}. */
public enum EncoderPooling {
    /** The first token's state: BGE-style models, the bundled one included. */
    CLS,
    /** The mean of the token states: sentence-transformers models such as MiniLM. */
    MEAN
}
