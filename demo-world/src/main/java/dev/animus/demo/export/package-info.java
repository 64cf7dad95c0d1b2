/** {@code export-gguf}: a decoder checkpoint as GGUF, for llama.cpp and Ollama. */
package dev.animus.demo.export;
