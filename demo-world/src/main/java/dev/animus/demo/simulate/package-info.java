/** {@code simulate}: a world run headless faster than real time, and how news spreads in it. */
package dev.animus.demo.simulate;
