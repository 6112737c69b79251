//! Messages: direction, kind, delivery status and the small text rules the inbox needs.

use uuid::Uuid;

pub const MESSAGE_TEXT_MAX: usize = 4096;
pub const PREVIEW_MAX: usize = 120;

/// Who a message is from and who sees it: notes and system lines never reach the contact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    Inbound,
    Outbound,
    Note,
    System,
}

impl Direction {
    pub const ALL: [Direction; 4] = [Direction::Inbound, Direction::Outbound, Direction::Note, Direction::System];

    pub const fn code(self) -> &'static str {
        match self {
            Direction::Inbound => "inbound",
            Direction::Outbound => "outbound",
            Direction::Note => "note",
            Direction::System => "system",
        }
    }

    pub fn parse(code: &str) -> Option<Direction> {
        Direction::ALL.into_iter().find(|d| d.code() == code)
    }
}

/// Which automatic sender wrote an outbound message that has no author, kept in its payload
/// (`automated`) so the inbox can tell the bot and automatic texts from a person's replies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Automated {
    Bot,
    OutOfHours,
    Absence,
    Survey,
    PostAttention,
}

impl Automated {
    pub const ALL: [Automated; 5] =
        [Automated::Bot, Automated::OutOfHours, Automated::Absence, Automated::Survey, Automated::PostAttention];

    pub const fn code(self) -> &'static str {
        match self {
            Automated::Bot => "bot",
            Automated::OutOfHours => "out_of_hours",
            Automated::Absence => "absence",
            Automated::Survey => "survey",
            Automated::PostAttention => "post_attention",
        }
    }

    /// The sender of an outbound message: its payload's mark, or `Bot` for an authorless one
    /// written before the mark existed; `None` for a person's message or any other direction.
    pub fn of(direction: &str, author: Option<Uuid>, payload_mark: Option<&str>) -> Option<Automated> {
        if direction != Direction::Outbound.code() || author.is_some() {
            return None;
        }
        Some(payload_mark.and_then(|m| Automated::ALL.into_iter().find(|a| a.code() == m)).unwrap_or(Automated::Bot))
    }
}

/// What a message carries, as the channels describe it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    Text,
    Image,
    Audio,
    Video,
    Document,
    Sticker,
    Location,
    Contacts,
    Interactive,
    Template,
    Reaction,
    Unsupported,
}

impl MessageKind {
    pub const ALL: [MessageKind; 12] = [
        MessageKind::Text,
        MessageKind::Image,
        MessageKind::Audio,
        MessageKind::Video,
        MessageKind::Document,
        MessageKind::Sticker,
        MessageKind::Location,
        MessageKind::Contacts,
        MessageKind::Interactive,
        MessageKind::Template,
        MessageKind::Reaction,
        MessageKind::Unsupported,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            MessageKind::Text => "text",
            MessageKind::Image => "image",
            MessageKind::Audio => "audio",
            MessageKind::Video => "video",
            MessageKind::Document => "document",
            MessageKind::Sticker => "sticker",
            MessageKind::Location => "location",
            MessageKind::Contacts => "contacts",
            MessageKind::Interactive => "interactive",
            MessageKind::Template => "template",
            MessageKind::Reaction => "reaction",
            MessageKind::Unsupported => "unsupported",
        }
    }

    pub fn parse(code: &str) -> Option<MessageKind> {
        MessageKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Kinds that carry a stored file.
    pub const fn is_media(self) -> bool {
        matches!(
            self,
            MessageKind::Image | MessageKind::Audio | MessageKind::Video | MessageKind::Document | MessageKind::Sticker
        )
    }

    /// The kind an uploaded file is sent as. Stickers are never guessed (a webp upload is an
    /// image); whatever is not image, audio or video goes as a document.
    pub fn for_content_type(ct: &str) -> MessageKind {
        let ct = ct.trim().to_ascii_lowercase();
        let main = ct.split(['/', ';']).next().unwrap_or("").trim();
        match main {
            "image" if ct.contains('/') => MessageKind::Image,
            "audio" if ct.contains('/') => MessageKind::Audio,
            "video" if ct.contains('/') => MessageKind::Video,
            _ => MessageKind::Document,
        }
    }
}

/// How far an outbound message got.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    Pending,
    Sending,
    Sent,
    Delivered,
    Read,
    Failed,
}

impl DeliveryStatus {
    pub const ALL: [DeliveryStatus; 6] = [
        DeliveryStatus::Pending,
        DeliveryStatus::Sending,
        DeliveryStatus::Sent,
        DeliveryStatus::Delivered,
        DeliveryStatus::Read,
        DeliveryStatus::Failed,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            DeliveryStatus::Pending => "pending",
            DeliveryStatus::Sending => "sending",
            DeliveryStatus::Sent => "sent",
            DeliveryStatus::Delivered => "delivered",
            DeliveryStatus::Read => "read",
            DeliveryStatus::Failed => "failed",
        }
    }

    pub fn parse(code: &str) -> Option<DeliveryStatus> {
        DeliveryStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Progress along pending < sending < sent < delivered < read; `None` for failed, which is
    /// off that line.
    pub const fn rank(self) -> Option<u8> {
        match self {
            DeliveryStatus::Pending => Some(0),
            DeliveryStatus::Sending => Some(1),
            DeliveryStatus::Sent => Some(2),
            DeliveryStatus::Delivered => Some(3),
            DeliveryStatus::Read => Some(4),
            DeliveryStatus::Failed => None,
        }
    }
}

/// Statuses never move backwards: pending < sending < sent < delivered < read. Failed replaces
/// pending/sending/sent but never delivered/read (the contact has it); from failed only a later
/// success (sent/delivered/read, a retried send) moves on. Webhooks arrive out of order, so
/// this decides what to keep.
pub fn merge_status(current: DeliveryStatus, incoming: DeliveryStatus) -> DeliveryStatus {
    use DeliveryStatus::{Delivered, Failed, Read, Sent};
    match (current.rank(), incoming.rank()) {
        (None, _) => {
            if matches!(incoming, Sent | Delivered | Read) {
                incoming
            } else {
                Failed
            }
        }
        (Some(_), None) => {
            if matches!(current, Delivered | Read) {
                current
            } else {
                Failed
            }
        }
        (Some(c), Some(i)) => {
            if i > c {
                incoming
            } else {
                current
            }
        }
    }
}

/// A short one-line preview for the inbox list: whitespace collapsed, at most 120 characters
/// ending in "…" when cut.
pub fn preview(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= PREVIEW_MAX {
        return line;
    }
    let mut cut: String = line.chars().take(PREVIEW_MAX - 1).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

/// Whether a text contains an emoji (CONV-5 "emojis" permission). Extended_Pictographic is
/// approximated by the main emoji blocks, which is enough to enforce the permission.
pub fn contains_emoji(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(
            u32::from(c),
            0x1F000..=0x1F2FF | 0x1F300..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0xFE0F
        )
    })
}

/// The most code points one emoji takes (skin tones, joined sequences, flags, tags).
pub const REACTION_MAX_CHARS: usize = 16;

/// Whether a text is one reaction emoji: emoji characters and what joins or modifies them
/// (zero-width joiner, keycap, tag characters, keycap digits), no words.
pub fn is_reaction_emoji(text: &str) -> bool {
    let joiner =
        |c: char| matches!(u32::from(c), 0x200D | 0x20E3 | 0xE0020..=0xE007F) || matches!(c, '0'..='9' | '#' | '*');
    contains_emoji(text)
        && text.chars().count() <= REACTION_MAX_CHARS
        && text.chars().all(|c| joiner(c) || contains_emoji(c.encode_utf8(&mut [0; 4])))
}

/// Mentions in a private note, written as `@[Display Name](user:<uuid>)`; the distinct uuids
/// in order of first appearance. Malformed mentions are plain text.
pub fn mentions(text: &str) -> Vec<Uuid> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("@[") {
        rest = rest.get(start + 2..).unwrap_or("");
        let Some(close) = rest.find(']') else { break };
        let after = rest.get(close + 1..).unwrap_or("");
        let Some(target) = after.strip_prefix("(user:") else { continue };
        let Some(end) = target.find(')') else { continue };
        // A malformed one is skipped without swallowing the mentions after it.
        let Ok(id) = Uuid::try_parse(target.get(..end).unwrap_or("")) else { continue };
        if !found.contains(&id) {
            found.push(id);
        }
        rest = target.get(end + 1..).unwrap_or("");
    }
    found
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    #[test]
    fn only_authorless_outbound_messages_are_automated() {
        use super::Automated;
        let someone = Some(uuid::Uuid::nil());
        assert_eq!(Automated::of("outbound", None, Some("survey")), Some(Automated::Survey));
        assert_eq!(Automated::of("outbound", None, Some("absence")), Some(Automated::Absence));
        // Older rows carry no mark, and an unknown mark is not trusted: the bot.
        assert_eq!(Automated::of("outbound", None, None), Some(Automated::Bot));
        assert_eq!(Automated::of("outbound", None, Some("agent")), Some(Automated::Bot));
        assert_eq!(Automated::of("outbound", someone, Some("survey")), None);
        assert_eq!(Automated::of("inbound", None, None), None);
        assert_eq!(Automated::of("system", None, None), None);
    }

    #[test]
    fn reactions_are_one_emoji_and_no_words() {
        for emoji in ["👍", "❤️", "👍🏽", "👨‍👩‍👧", "🇨🇴", "1️⃣"] {
            assert!(super::is_reaction_emoji(emoji), "{emoji}");
        }
        for text in ["", "ok", "a👍", "👍 bien", "1", &"👍".repeat(17)] {
            assert!(!super::is_reaction_emoji(text), "{text}");
        }
    }

    use super::*;
    use DeliveryStatus::*;
    use proptest::prelude::*;

    #[test]
    fn codes_round_trip() {
        for d in Direction::ALL {
            assert_eq!(Direction::parse(d.code()), Some(d));
        }
        for k in MessageKind::ALL {
            assert_eq!(MessageKind::parse(k.code()), Some(k));
        }
        for s in DeliveryStatus::ALL {
            assert_eq!(DeliveryStatus::parse(s.code()), Some(s));
        }
        assert_eq!(DeliveryStatus::parse("seen"), None);
    }

    #[test]
    fn media_kinds() {
        let media: Vec<_> = MessageKind::ALL.into_iter().filter(|k| k.is_media()).collect();
        use MessageKind as K;
        assert_eq!(media, vec![K::Image, K::Audio, K::Video, K::Document, K::Sticker]);
        assert_eq!(K::for_content_type("image/png"), K::Image);
        assert_eq!(K::for_content_type("image/webp"), K::Image);
        assert_eq!(K::for_content_type("Audio/OGG; codecs=opus"), K::Audio);
        assert_eq!(K::for_content_type("video/mp4"), K::Video);
        assert_eq!(K::for_content_type("application/pdf"), K::Document);
        assert_eq!(K::for_content_type("image"), K::Document);
        assert_eq!(K::for_content_type(""), K::Document);
    }

    #[test]
    fn statuses_merge() {
        assert_eq!(merge_status(Pending, Sent), Sent);
        assert_eq!(merge_status(Delivered, Sent), Delivered);
        assert_eq!(merge_status(Sent, Failed), Failed);
        assert_eq!(merge_status(Sending, Failed), Failed);
        assert_eq!(merge_status(Delivered, Failed), Delivered);
        assert_eq!(merge_status(Read, Failed), Read);
        assert_eq!(merge_status(Failed, Pending), Failed);
        assert_eq!(merge_status(Failed, Sending), Failed);
        assert_eq!(merge_status(Failed, Sent), Sent);
        assert_eq!(merge_status(Failed, Read), Read);
        for s in DeliveryStatus::ALL {
            assert_eq!(merge_status(Read, s), Read);
            assert_eq!(merge_status(s, s), s);
        }
    }

    #[test]
    fn previews() {
        assert_eq!(preview("  hola\n\n  mundo\t "), "hola mundo");
        assert_eq!(preview(""), "");
        let exact = "a".repeat(PREVIEW_MAX);
        assert_eq!(preview(&exact), exact);
        let long = "ñ".repeat(300);
        let p = preview(&long);
        assert_eq!(p.chars().count(), PREVIEW_MAX);
        assert!(p.ends_with('…'));
        let spaced = format!("{} b", "a".repeat(PREVIEW_MAX - 3));
        assert_eq!(preview(&format!("{spaced}cdef")), format!("{spaced}…"));
        let cut_at_space = format!("{} {}", "a".repeat(PREVIEW_MAX - 2), "b".repeat(10));
        assert_eq!(preview(&cut_at_space), format!("{}…", "a".repeat(PREVIEW_MAX - 2)));
    }

    #[test]
    fn emojis() {
        for yes in ["hola 😀", "👍", "☀", "❤️", "🤖", "⭐", "🃏", "🥲"] {
            assert!(contains_emoji(yes), "{yes}");
        }
        for no in ["hola", "¡Qué tal! ñ ç ü", "1+1=2 → ok", ""] {
            assert!(!contains_emoji(no), "{no}");
        }
    }

    #[test]
    fn note_mentions() {
        let a = Uuid::from_u128(1);
        let b = Uuid::from_u128(2);
        let c = Uuid::from_u128(3);
        let text = format!(
            "@[Ana Pérez](user:{a}) mira esto, @[Bruno](user:{b}) y otra vez @[Ana](user:{a}); \
             @[rota](user:nope) @[sin cierre](user:{b} @[Carla](user:{c}) correo@[x]"
        );
        assert_eq!(mentions(&text), vec![a, b, c]);
        assert!(mentions("sin menciones @ana").is_empty());
        assert_eq!(mentions(&format!("@[x]@[y](user:{b})")), vec![b]);
    }

    fn success() -> impl Strategy<Value = DeliveryStatus> {
        prop_oneof![Just(Pending), Just(Sending), Just(Sent), Just(Delivered), Just(Read)]
    }

    fn any_status() -> impl Strategy<Value = DeliveryStatus> {
        prop_oneof![success(), Just(Failed)]
    }

    proptest! {
        #[test]
        fn merging_never_goes_backwards(start in any_status(), incoming in proptest::collection::vec(any_status(), 0..20)) {
            let mut status = start;
            for next in incoming {
                let merged = merge_status(status, next);
                // Reaching the contact is never undone, and read absorbs everything.
                if let (Some(before), true) = (status.rank(), matches!(status, Delivered | Read)) {
                    prop_assert!(merged.rank().is_some_and(|after| after >= before));
                }
                if status == Read {
                    prop_assert_eq!(merged, Read);
                }
                // Along the success line, rank only rises.
                if let (Some(before), Some(_)) = (status.rank(), next.rank()) {
                    prop_assert!(merged.rank().is_some_and(|after| after >= before));
                }
                status = merged;
            }
        }

        #[test]
        fn order_of_successes_does_not_matter(
            (statuses, shuffled) in proptest::collection::vec(success(), 0..10)
                .prop_flat_map(|v| (Just(v.clone()), Just(v).prop_shuffle()))
        ) {
            let fold = |v: &[DeliveryStatus]| v.iter().fold(Pending, |acc, s| merge_status(acc, *s));
            prop_assert_eq!(fold(&statuses), fold(&shuffled));
            let best = statuses.iter().filter_map(|s| s.rank()).max().unwrap_or(0);
            prop_assert_eq!(fold(&statuses).rank(), Some(best));
        }
    }
}
