package dev.animus.perception;

import dev.animus.model.prompt.PromptFormat;
import dev.animus.world.NpcDefinition;
import dev.animus.world.Phase;
import dev.animus.world.Place;
import dev.animus.world.Prop;
import dev.animus.world.ScheduleEntry;
import dev.animus.world.Vec3;
import dev.animus.world.World;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a viewer standing at a place perceives, from the world file alone: the people whose
 * schedule puts them nearby at that time, the props around, and other places in view, as a
 * scene prompt for the decoder to describe. Immutable; any thread.
 *
 * @param place where the viewer stands (its name)
 * @param phase the part of the day
 * @param things what is perceived, nearest first, each as "NAME, D m DIRECTION[, ACTIVITY]."
 * @param names the place and the names of everything perceived (what a faithful description may name)
 */
public record SceneView(String place, Phase phase, List<String> things, List<String> names) {
    /** People and props within this distance are perceived. */
    public static final float NEAR_METRES = 25;
    /** Other places within this distance are perceived as landmarks. */
    public static final float LANDMARK_METRES = 45;
    /** Most things listed: the nearest. */
    public static final int MOST = 5;

    public SceneView {
        things = List.copyOf(things);
        names = List.copyOf(names);
    }

    private record Seen(String name, String line, float metres) {}

    /**
     * @param world the world
     * @param placeId where the viewer stands
     * @param phase when
     * @return the view
     * @throws IllegalArgumentException if the world has no such place, naming the places it has
     */
    public static SceneView at(World world, String placeId, Phase phase) {
        Place here = world.places().stream()
                .filter(p -> p.id().equals(placeId))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown place '" + placeId + "' in " + world.source()
                        + "; places: " + world.places().stream().map(Place::id).toList()));
        return view(world, here, here.at(), phase, npc -> whereAt(world, npc, phase), npc -> {
            ScheduleEntry e = npc.scheduleAt(phase);
            return e == null ? "idle" : e.activity();
        });
    }

    /**
     * What someone standing at a point of a running world sees: the NPCs where they are now,
     * doing what they do now, the props and the places around.
     *
     * @param world the world
     * @param viewer where the viewer stands
     * @param phase the part of the day
     * @param npcsNow where each NPC is now (id to position; NPCs missing are not seen, so leave the viewer out)
     * @param activities what each NPC is doing (id to activity; "idle" where missing)
     * @return the view, named after the place nearest the viewer
     * @throws IllegalArgumentException if the world has no places
     */
    public static SceneView around(
            World world, Vec3 viewer, Phase phase, Map<String, Vec3> npcsNow, Map<String, String> activities) {
        Place here = world.places().stream()
                .min(Comparator.comparingDouble(p -> distance(viewer, p.at())))
                .orElseThrow(() -> new IllegalArgumentException(world.source() + " has no places to look around in"));
        return view(
                world,
                here,
                viewer,
                phase,
                npc -> Optional.ofNullable(npcsNow.get(npc.id())),
                npc -> activities.getOrDefault(npc.id(), "idle"));
    }

    private static SceneView view(
            World world,
            Place here,
            Vec3 viewer,
            Phase phase,
            Function<NpcDefinition, Optional<Vec3>> whereIs,
            Function<NpcDefinition, String> activityOf) {
        List<Seen> seen = new ArrayList<>();
        for (NpcDefinition npc : world.npcs()) {
            Optional<Vec3> at = whereIs.apply(npc);
            if (at.isPresent()) {
                float d = distance(viewer, at.get());
                if (d <= NEAR_METRES) {
                    seen.add(new Seen(
                            npc.name(),
                            npc.name() + ", " + metres(d) + " m " + direction(viewer, at.get()) + ", "
                                    + ing(activityOf.apply(npc)) + ".",
                            d));
                }
            }
        }
        for (Prop prop : world.props()) {
            float d = distance(viewer, prop.at());
            if (d <= NEAR_METRES) {
                String name = withArticle(prop.kind());
                seen.add(new Seen(bare(name), name + ", " + metres(d) + " m " + direction(viewer, prop.at()) + ".", d));
            }
        }
        for (Place other : world.places()) {
            float d = distance(viewer, other.at());
            if (other != here && d <= LANDMARK_METRES) {
                seen.add(new Seen(
                        other.name(),
                        other.name() + ", " + metres(d) + " m " + direction(viewer, other.at()) + ".",
                        d));
            }
        }
        seen.sort(Comparator.comparingDouble(Seen::metres));
        List<Seen> kept = seen.subList(0, Math.min(MOST, seen.size()));
        List<String> names = new ArrayList<>(List.of(here.name())); // where one stands may be named too
        kept.forEach(k -> names.add(k.name()));
        return new SceneView(here.name(), phase, kept.stream().map(Seen::line).toList(), names);
    }

    /**
     * The things of the world a description names that this view does not hold: what a
     * faithful description never does. Names are matched whole and case-insensitively; an NPC
     * also by its personal name ("Aldine" for "Sister Aldine the healer").
     *
     * @param world the world the view is of
     * @param description the text to check
     * @return the names found that are not in view, in world order
     */
    public List<String> absentNames(World world, String description) {
        String text = " " + description.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9']+", " ") + " ";
        List<String> inView =
                names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
        List<String> absent = new ArrayList<>();
        List<String[]> candidates = new ArrayList<>(); // {name, how it may appear}
        for (NpcDefinition npc : world.npcs()) {
            // "Sister Aldine the healer" is also "Sister Aldine" and "Aldine".
            String personal = npc.name().split(" (the|of) ")[0];
            candidates.add(new String[] {npc.name(), npc.name()});
            candidates.add(new String[] {npc.name(), personal});
            candidates.add(new String[] {npc.name(), personal.substring(personal.lastIndexOf(' ') + 1)});
        }
        for (Prop prop : world.props()) {
            String name = bare(withArticle(prop.kind()));
            candidates.add(new String[] {name, name.replaceFirst("^(?i)the ", "")});
        }
        for (Place place : world.places()) {
            candidates.add(new String[] {place.name(), place.name().replaceFirst("^(?i)the ", "")});
        }
        for (String[] c : candidates) {
            String form = " "
                    + c[1].toLowerCase(Locale.ROOT)
                            .replaceAll("[^a-z0-9']+", " ")
                            .strip() + " ";
            boolean present = inView.contains(c[0].toLowerCase(Locale.ROOT));
            if (!present
                    && text.contains(form)
                    && !absent.contains(c[0])
                    && inView.stream().noneMatch(v -> (" " + v + " ").contains(form))) {
                absent.add(c[0]);
            }
        }
        return absent;
    }

    /** Words that open a description's sentences without naming anything. */
    // spotless:off
    private static final Set<String> PLAIN_WORDS = Set.of("the", "there", "a", "an", "close",
            "nearby", "in", "dawn", "dusk", "night", "daylight", "day", "rain", "fog", "snow", "it", "its", "to", "at",
            "on", "by", "a short walk away", "all", "some", "two", "three", "further", "beyond", "here", "and");
    // spotless:on

    /**
     * A description with every sentence that names something not in view taken out: a world
     * thing that is elsewhere ({@link #absentNames}) or a capitalised name the view never gave
     * (a small decoder renames people now and then). What is left names only what is there;
     * when nothing is left, a plain "Dusk at the forge." stands in.
     *
     * @param world the world the view is of
     * @param description what the decoder wrote
     * @return the faithful part
     */
    public String faithful(World world, String description) {
        String prompt = (place + " " + String.join(" ", things)).toLowerCase(Locale.ROOT);
        StringBuilder kept = new StringBuilder();
        for (String sentence : description.split("(?<=[.!?])\\s+")) {
            boolean invents = !absentNames(world, sentence).isEmpty();
            Matcher m = Pattern.compile("\\b[A-Z][a-z']+\\b").matcher(sentence);
            while (!invents && m.find()) {
                String word = m.group().toLowerCase(Locale.ROOT);
                invents = !PLAIN_WORDS.contains(word) && !prompt.matches("(?s).*\\b" + Pattern.quote(word) + "\\b.*");
            }
            if (!invents && !sentence.isBlank()) {
                kept.append(kept.length() == 0 ? "" : " ").append(sentence.strip());
            }
        }
        if (kept.length() == 0) {
            String when = phase == Phase.DAY
                    ? "Daylight"
                    : phase.id().substring(0, 1).toUpperCase(Locale.ROOT)
                            + phase.id().substring(1);
            return when + " at " + place + ".";
        }
        return kept.toString();
    }

    /** @return the prompt for the decoder */
    public PromptFormat.Scene prompt() {
        return new PromptFormat.Scene(place, phase.id(), "", things);
    }

    /** Where an NPC's schedule puts it at a time: the first place of its entry's route, else its home. */
    public static Optional<Vec3> whereAt(World world, NpcDefinition npc, Phase phase) {
        ScheduleEntry e = npc.scheduleAt(phase);
        String placeId = e != null && !e.route().isEmpty() ? e.route().get(0) : npc.home();
        return world.places().stream()
                .filter(p -> p.id().equals(placeId))
                .map(Place::at)
                .findFirst();
    }

    private static String ing(String activity) {
        return switch (activity) {
            case "idle" -> "standing";
            case "walk" -> "walking";
            case "talk" -> "talking";
            case "sit" -> "sitting";
            case "work" -> "working";
            case "sleep" -> "sleeping";
            case "alert" -> "keeping watch";
            default -> activity;
        };
    }

    private static String withArticle(String kind) {
        String k = kind.strip();
        String lower = k.toLowerCase(Locale.ROOT);
        if (lower.startsWith("a ") || lower.startsWith("an ") || lower.startsWith("the ") || lower.endsWith("s")) {
            return k;
        }
        return ("aeiou".indexOf(lower.charAt(0)) >= 0 ? "an " : "a ") + k;
    }

    private static String bare(String name) {
        return name.replaceFirst("^(?i)(a|an) ", "");
    }

    private static int metres(float d) {
        return Math.max(1, Math.round(d));
    }

    private static float distance(Vec3 a, Vec3 b) {
        float dx = a.x() - b.x();
        float dz = a.z() - b.z();
        return (float) Math.sqrt(dx * dx + dz * dz);
    }

    /** The compass words training used (no hyphens: "northeast"). */
    private static String direction(Vec3 from, Vec3 to) {
        return PerceptText.bearing(to.x() - from.x(), to.z() - from.z()).replace("-", "");
    }
}
