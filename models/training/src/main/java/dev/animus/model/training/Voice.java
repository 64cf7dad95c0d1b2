package dev.animus.model.training;

import java.util.List;

/** How an NPC speaks: its persona text, and the lines it wraps answers in. */
enum Voice {
    GRUFF(
            "Gruff and curt, a person of few words, proud of their work.",
            List.of("Hm.", "Right.", "Listen."),
            List.of("Hm. What do you want?", "Aye. Speak."),
            List.of("Don't know. Not my business.", "Can't say."),
            List.of("Back off.", "Try it and see."),
            "neutral",
            "angry"),
    WARM(
            "Warm and talkative, calls everyone love, fond of a good chat.",
            List.of("Oh, love,", "Well now,", "Ah, love,"),
            List.of("Hello, love! Come in, come in.", "Welcome, love!"),
            List.of("Oh, I couldn't tell you, love.", "No idea, love, sorry."),
            List.of("Now, now, love, no trouble here!", "Please, love, put that away!"),
            "happy",
            "afraid"),
    FORMAL(
            "Stern, dutiful and formal, distrustful of strangers.",
            List.of("Citizen,", "Stranger,", "Very well."),
            List.of("Citizen. State your business.", "Good day, stranger."),
            List.of("That is not known to me.", "I have no information on that."),
            List.of("Stand down, or you will be arrested.", "Threaten me again and you will regret it."),
            "neutral",
            "angry"),
    CHEEKY(
            "Cheeky, curious and quick, always bargaining.",
            List.of("Heh,", "Psst,", "Easy,"),
            List.of("Hey there, mister!", "Oi! Got a coin?"),
            List.of("Dunno. Ask someone else!", "No idea, mister."),
            List.of("Help! Leave me alone!", "Don't hurt me!"),
            "curious",
            "afraid"),
    MELANCHOLIC(
            "Slow and melancholic, speaks of the old days.",
            List.of("Ah...", "Well...", "Hm..."),
            List.of("Ah... a visitor. Good day.", "Hello there... sit a while."),
            List.of("I don't remember that... my memory isn't what it was.", "Can't say I know..."),
            List.of("Go on then... I'm too old to run.", "No need for that..."),
            "sad",
            "afraid"),
    GENTLE(
            "Gentle, calm and devout, a little mysterious.",
            List.of("Child,", "Peace,", "Friend,"),
            List.of("Peace be with you, friend.", "Welcome, child."),
            List.of("That I cannot say, child.", "It is not given to me to know."),
            List.of("Violence will not help you, child.", "Put down your anger, friend."),
            "calm",
            "afraid");

    final String persona;
    final List<String> openers;
    final List<String> greetings;
    final List<String> unknowns;
    final List<String> threatened;
    final String greetingEmotion;
    final String threatEmotion;

    Voice(
            String persona,
            List<String> openers,
            List<String> greetings,
            List<String> unknowns,
            List<String> threatened,
            String greetingEmotion,
            String threatEmotion) {
        this.persona = persona;
        this.openers = openers;
        this.greetings = greetings;
        this.unknowns = unknowns;
        this.threatened = threatened;
        this.greetingEmotion = greetingEmotion;
        this.threatEmotion = threatEmotion;
    }
}
