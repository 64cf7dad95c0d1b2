package dev.animus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The plugin's layers, checked on its sources and classes: {@code api} is the public face and
 * sits on top; {@code scene} (the jME parts) sits under it; the engine-free core ({@code
 * runtime}, {@code remote}, {@code inference}, {@code dialogue}, {@code memory}, {@code behaviour}, {@code
 * perception}, {@code world}) knows neither and no engine. A module descriptor cannot say this:
 * jME's jars split packages between them ({@code com.jme3.app} and {@code com.jme3.system} are in jme3-core and
 * jme3-desktop), so a game on the module path would not start; the boundary is enforced here.
 */
class LayersTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/animus");
    private static final Pattern IMPORT =
            Pattern.compile("^import (?:static )?([\\w.]+)\\.[\\w*]+;", Pattern.MULTILINE);
    private static final List<String> CORE = List.of(
            "runtime", "remote", "inference", "dialogue", "gossip", "memory", "behaviour", "perception", "world");

    /** What each package may import from the plugin and from engines. */
    private static final Map<String, Set<String>> MAY_NOT_IMPORT = Map.of(
            "scene", Set.of("dev.animus.api"),
            "core", Set.of("dev.animus.api", "dev.animus.scene", "com.jme3", "com.simsilica"));

    @Test
    void theCoreKnowsNoEngineAndTheSceneKnowsNoPublicApi() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (String pkg : List.of(
                "scene",
                "runtime",
                "remote",
                "inference",
                "dialogue",
                "gossip",
                "memory",
                "behaviour",
                "perception",
                "world")) {
            Set<String> banned = new HashSet<>(MAY_NOT_IMPORT.get(CORE.contains(pkg) ? "core" : pkg));
            if (CORE.contains(pkg) && !pkg.equals("runtime")) {
                banned.add("dev.animus.runtime"); // the runtime sits on the rest of the core, not under it
            }
            for (Path file : javaFiles(SOURCES.resolve(pkg))) {
                for (String imported : imports(file)) {
                    if (banned.stream().anyMatch(imported::startsWith)) {
                        wrong.add(SOURCES.relativize(file) + " imports " + imported);
                    }
                }
            }
        }
        assertEquals(List.of(), wrong, "imports across the layers");
    }

    @Test
    void theWorldModelImportsNoOtherPackage() throws IOException {
        Set<String> found = new TreeSet<>();
        for (Path file : javaFiles(SOURCES.resolve("world"))) {
            imports(file).stream()
                    .filter(i -> i.startsWith("dev.animus.") && !i.startsWith("dev.animus.world"))
                    .forEach(i -> found.add(SOURCES.relativize(file) + " imports " + i));
        }
        assertEquals(Set.of(), found);
    }

    /**
     * What the public package's signatures may name besides its own types: the world model
     * ({@code dev.animus.world}: the world file as the game reads it, published with the API)
     * and the encoder's vectors from {@code animus-models}. Everything else a game receives is
     * the API's own value; a new entry is a decision about the public API, made here on purpose.
     */
    private static boolean publishedBesideTheApi(String type) {
        return type.startsWith("dev.animus.world.") || type.equals("dev.animus.model.encoder.Embedding");
    }

    @Test
    void thePublicApiShowsNoInternalsBeyondItsListedValues() throws Exception {
        Set<String> shown = new TreeSet<>();
        for (Path file : javaFiles(SOURCES.resolve("api"))) {
            String name = file.getFileName().toString().replace(".java", "");
            if (name.equals("package-info")) {
                continue;
            }
            Class<?> type = Class.forName("dev.animus.api." + name);
            if (!Modifier.isPublic(type.getModifiers())) {
                continue;
            }
            List<Class<?>> types = new ArrayList<>(List.of(type));
            Stream.of(type.getDeclaredClasses())
                    .filter(c -> Modifier.isPublic(c.getModifiers()))
                    .forEach(types::add);
            for (Class<?> t : types) {
                for (Type seen : publicSignatures(t)) {
                    mentioned(seen, shown);
                }
            }
        }
        List<String> wrong =
                shown.stream().filter(n -> !publishedBesideTheApi(n)).toList();
        assertEquals(List.of(), wrong, "internal types in the public API's signatures");
    }

    /** Supertypes, and the types of public methods, constructors and fields. */
    private static List<Type> publicSignatures(Class<?> type) {
        List<Type> seen = new ArrayList<>(List.of(type.getGenericInterfaces()));
        seen.add(type.getGenericSuperclass());
        for (Method m : type.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers())) {
                seen.add(m.getGenericReturnType());
                seen.addAll(List.of(m.getGenericParameterTypes()));
            }
        }
        for (Constructor<?> c : type.getDeclaredConstructors()) {
            if (Modifier.isPublic(c.getModifiers())) {
                seen.addAll(List.of(c.getGenericParameterTypes()));
            }
        }
        for (Field f : type.getDeclaredFields()) {
            if (Modifier.isPublic(f.getModifiers())) {
                seen.add(f.getGenericType());
            }
        }
        return seen;
    }

    /** The plugin's own types a signature names, the public package's left out. */
    private static void mentioned(Type t, Set<String> into) {
        if (t instanceof ParameterizedType p) {
            mentioned(p.getRawType(), into);
            Stream.of(p.getActualTypeArguments()).forEach(a -> mentioned(a, into));
        } else if (t instanceof Class<?> c) {
            while (c.isArray()) {
                c = c.getComponentType();
            }
            if (c.getName().startsWith("dev.animus.") && !c.getName().startsWith("dev.animus.api.")) {
                into.add(c.getName());
            }
        }
    }

    @Test
    void theChecksSeeTheSources() throws IOException {
        assertTrue(javaFiles(SOURCES.resolve("scene")).size() >= 9, "run from the module folder");
    }

    private static List<Path> javaFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
    }

    private static List<String> imports(Path file) throws IOException {
        List<String> found = new ArrayList<>();
        Matcher m = IMPORT.matcher(Files.readString(file));
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
