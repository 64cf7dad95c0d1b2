/** The {@code check} command: validates world files for writers, without writing Java. */
package dev.animus.demo.check;
