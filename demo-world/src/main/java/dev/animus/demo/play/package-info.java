/**
 * Lanternfall, the demo world: six villagers walk their routes around the market square;
 * Animus encodes what each one perceives, and the demo shows which situation it is closest
 * to. Windowed where there is a display, headless otherwise.
 */
package dev.animus.demo.play;
