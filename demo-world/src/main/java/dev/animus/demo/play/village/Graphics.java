package dev.animus.demo.play.village;

import java.util.Locale;

/**
 * How much of the village's look a machine can afford. A GPU draws everything: shadows, jME's
 * {@code WaterFilter} with reflections, refraction and foam, a haze, the whole wood. A software
 * renderer (Mesa's llvmpipe, as on CI and machines without a GPU) gets the same village drawn more
 * cheaply: {@code SimpleWaterProcessor}'s reflecting water, no shadows or haze, half the trees.
 */
public enum Graphics {
    LOW,
    HIGH;

    /**
     * @param renderer the OpenGL renderer's name ({@code GL_RENDERER}), or null when unknown
     * @return LOW for a software renderer, else HIGH
     */
    public static Graphics forRenderer(String renderer) {
        if (renderer == null) {
            return HIGH;
        }
        String r = renderer.toLowerCase(Locale.ROOT);
        boolean software = r.contains("llvmpipe")
                || r.contains("softpipe")
                || r.contains("swiftshader")
                || r.contains("software")
                || r.contains("basic render");
        return software ? LOW : HIGH;
    }

    /**
     * @param option "auto", "low" or "high" (any case)
     * @return the level, or null for auto
     * @throws IllegalArgumentException for anything else
     */
    public static Graphics parse(String option) {
        return switch (option.toLowerCase(Locale.ROOT)) {
            case "auto" -> null;
            case "low" -> LOW;
            case "high" -> HIGH;
            default -> throw new IllegalArgumentException("--graphics must be auto, low or high, got '" + option + "'");
        };
    }
}
