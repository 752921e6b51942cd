//! Whatever the input, checking it never panics, and every span of every
//! diagnostic lies inside the file, on character boundaries.

use macrame::lint::check;
use macrame::source::Source;
use proptest::prelude::*;

fn assert_sound(text: &str) {
    let source = Source::new("p.mcr", text);
    let checked = check(&source, "p");
    for diagnostic in &checked.diagnostics {
        for label in std::iter::once(&diagnostic.primary).chain(&diagnostic.related) {
            let span = label.span;
            assert!(
                span.start <= span.end && span.end <= text.len(),
                "{} span {span:?} outside a file of {} bytes: {text:?}",
                diagnostic.code,
                text.len()
            );
            assert!(
                text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
                "{} span {span:?} splits a character: {text:?}",
                diagnostic.code
            );
        }
        assert!(!diagnostic.message.is_empty());
    }
}

/// Fragments of the language, so that random input reaches deep into the
/// grammar rather than failing on its first byte.
fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "project",
            "parent",
            "vlan",
            "network",
            "shim",
            "container",
            "on",
            "id",
            "mtu",
            "mode",
            "subnet",
            "gateway",
            "range",
            "reserve",
            "label",
            "name",
            "internal",
            "address",
            "route",
            "image",
            "command",
            "hostname",
            "env",
            "ip",
            "ip6",
            "mac",
            "alias",
            "depends-on",
            "restart",
            "bridge",
            "passthru",
            "private",
            "eth0",
            "eth0.50",
            "lan",
            "web",
            "db",
            "10.0.0.0/24",
            "10.0.0.1",
            "10.0.0.255",
            "192.168.1.1/16",
            "fd00::/64",
            "fd00::1",
            "02:42:c0:a8:01:0a",
            "01:00:5e:00:00:01",
            "50",
            "4095",
            "=",
            "{",
            "}",
            ";",
            "\n",
            " ",
            "\t",
            "#c\n",
            "\"s\"",
            "\"a\\q",
            "\"",
            "\\",
            "ç",
            "é\n",
            "\r\n",
        ])
        .prop_map(str::to_string),
        "[ -~]{0,6}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn token_soup_is_sound(tokens in prop::collection::vec(token(), 0..60)) {
        assert_sound(&tokens.join(" "));
    }

    #[test]
    fn arbitrary_text_is_sound(text in "\\PC{0,200}") {
        assert_sound(&text);
    }

    /// Valid files with a random cut and a random insertion.
    #[test]
    fn damaged_examples_are_sound(
        which in 0usize..64,
        cut in any::<prop::sample::Index>(),
        len in 0usize..40,
        insert in token(),
    ) {
        let examples: Vec<_> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/examples"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| if p.is_dir() { p.join("macrame.mcr") } else { p })
            .collect();
        let text = std::fs::read_to_string(&examples[which % examples.len()]).unwrap();
        let mut at = cut.index(text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let mut end = (at + len).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let damaged = format!("{}{insert}{}", &text[..at], &text[end..]);
        assert_sound(&damaged);
    }
}
