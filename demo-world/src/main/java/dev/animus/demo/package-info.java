/**
 * The demo's launcher and its commands: {@code play} (Lanternfall) and {@code bench}
 * (the benchmark harness).
 */
package dev.animus.demo;
