/**
 * Benchmarks with their own command ({@code mvn -Pbench package}): each compares variants
 * in one process, alternating them, and reports medians, min, max and ratios.
 */
package dev.animus.demo.bench;
