package dev.animus.perception;

import java.util.List;
import java.util.regex.Pattern;

/** Says what an NPC sees around it in one short sentence. */
public final class PerceptText {
    // spotless:off
    private static final String[] COMPASS = {"north", "north-east", "east", "south-east",
            "south", "south-west", "west", "north-west"};
    // spotless:on

    private PerceptText() {}

    /**
     * @param dx offset east in metres
     * @param dz offset south in metres
     * @return one of the eight compass points
     */
    public static String bearing(float dx, float dz) {
        double degrees = Math.toDegrees(Math.atan2(dx, -dz)); // 0 = north, 90 = east
        int sector = (int) Math.floorMod(Math.round(degrees / 45.0), 8L);
        return COMPASS[sector];
    }

    /**
     * Rewrites a percept from an NPC's own point of view: its names become "me" and
     * possessives "my" ("the stranger raises a fist at Pip" is, for Pip, "the stranger raises
     * a fist at me"). Small encoders match first-person triggers ("someone threatens me")
     * far better this way.
     *
     * @param text the percept (not null)
     * @param names the NPC's names: id, display name, first name (not null; blanks ignored)
     * @return the rewritten percept
     */
    public static String asSeenBy(String text, List<String> names) {
        String result = text;
        for (String name : names) {
            if (name == null || name.isBlank()) {
                continue;
            }
            String quoted = Pattern.quote(name.strip());
            result = result.replaceAll("(?i)\\b" + quoted + "'s\\b", "my").replaceAll("(?i)\\b" + quoted + "\\b", "me");
        }
        return result;
    }

    /**
     * @param nearby who is around, nearest first (not null)
     * @return for example "Mira is 3 m to the north. Vey is 7 m to the east." or
     *     "Nobody is around." when the list is empty
     */
    public static String describe(List<Nearby> nearby) {
        if (nearby.isEmpty()) {
            return "Nobody is around.";
        }
        StringBuilder sb = new StringBuilder();
        for (Nearby n : nearby) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            long metres = Math.round(n.distance());
            sb.append(n.name());
            if (metres <= 1) {
                sb.append(" is right beside me.");
            } else {
                // StringBuilder, not String.format: this runs for every NPC that thinks.
                sb.append(" is ")
                        .append(metres)
                        .append(" m to the ")
                        .append(bearing(n.dx(), n.dz()))
                        .append('.');
            }
        }
        return sb.toString();
    }
}
