//! Syntax errors in words, at the right place, and parsing that carries
//! on past them. Table-driven: input, then each expected (line, column,
//! message).

use macrame::diagnostic::Code;
use macrame::lint::check;
use macrame::source::Source;

fn syntax_errors(text: &str) -> Vec<(usize, usize, String)> {
    let source = Source::new("t.mcr", text);
    check(&source, "t")
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::Syntax)
        .map(|d| {
            let at = source.position(d.primary.span.start);
            (at.line, at.column, d.message.clone())
        })
        .collect()
}

#[test]
fn messages_say_what_was_expected_where() {
    type Expected = &'static [(usize, usize, &'static str)];
    let table: &[(&str, Expected)] = &[
        (
            "project x\nnetwork lan {\n  parent eth0\n\ncontainer web {\n  image \"a\"\n}\n",
            &[(
                3,
                14,
                "expected `}` to close the network block opened on line 2",
            )],
        ),
        (
            "contianer web {\n  image \"a\"\n}\n",
            &[(1, 1, "unknown item `contianer`, did you mean `container`?")],
        ),
        (
            "container web {\n  imgae \"a\"\n}\n",
            &[(
                2,
                3,
                "unknown setting `imgae` in a container block, did you mean `image`?",
            )],
        ),
        (
            "network lan {\n  image \"a\"\n}\n",
            &[(
                2,
                3,
                "`image` is not a setting of a network block; it belongs in a container block",
            )],
        ),
        (
            "network lan { subnet 10.0.0.0/24 gatway 10.0.0.1 }\n",
            &[(
                1,
                34,
                "unexpected `gatway` in `subnet` statement; expected the end of the statement, `{`, `gateway`, `range` or `reserve`, did you mean `gateway`?",
            )],
        ),
        (
            "network lan {\n  mode   # no value\n}\n",
            &[(2, 7, "incomplete `mode` statement: expected a name")],
        ),
        (
            "container web { image \"alpine }\n",
            &[(1, 23, "unterminated string")],
        ),
        (
            "container web { image \"a\\qb\" }\n",
            &[(1, 25, "unknown escape `\\q` in a string")],
        ),
        (
            "container c {\n  image \"x\\\\\"\n  network n\nnetwork n {\n  parent eth0\n}\n",
            &[(
                3,
                12,
                "expected `}` to close the container block opened on line 1",
            )],
        ),
        (
            "}\nnetwork lan { parent eth0 }\n",
            &[(1, 1, "unexpected `}`: no block is open here")],
        ),
        (
            "vlan eth0.5\n",
            &[(1, 12, "incomplete `vlan` statement: expected `{` or `on`")],
        ),
        (
            "network lan { parent eth0 } extra\n",
            &[(
                1,
                29,
                "unexpected `extra` in `network` statement; expected the end of the statement",
            )],
        ),
        (
            "network lan {\n  container web { image \"a\" }\n}\n",
            &[(2, 3, "`container` cannot stand inside a network block")],
        ),
        (
            "image \"a\"\n",
            &[(
                1,
                1,
                "`image` is a setting of a container block, not an item",
            )],
        ),
    ];
    for (input, expected) in table {
        let expected: Vec<(usize, usize, String)> = expected
            .iter()
            .map(|(l, c, m)| (*l, *c, m.to_string()))
            .collect();
        assert_eq!(syntax_errors(input), expected, "input: {input:?}");
    }
}

/// One broken item costs only itself: every later mistake is still found.
#[test]
fn parsing_recovers_at_the_next_item() {
    let text = "\
contianer a {
  image \"x\"
}
network lan {
  parent eth0
  subnet 10.0.0.0/24 gateway 10.0.0.1
}
}
container b {
  imgae \"x\"
  image \"x\"
  network lan ip 10.0.0.300
}
network wan {
  parent eth1
";
    let source = Source::new("t.mcr", text);
    let codes: Vec<(usize, &str)> = check(&source, "t")
        .diagnostics
        .iter()
        .map(|d| (source.line_of(d.primary.span.start), d.code.as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            (1, "syntax"),
            (8, "syntax"),
            (10, "syntax"),
            (12, "invalid-address"),
            (15, "syntax"),
        ]
    );
}

/// Every form the language allows parses without a diagnostic.
#[test]
fn every_form_parses() {
    let text = "\
# comment
project p;parent eth9 # trailing
vlan eth9.7 { parent eth9; id 7; mtu 1500 }
vlan 8 on eth9 {}
vlan 9 on eth9 { mtu 9000 }
network a { parent eth9.7; subnet 10.1.0.0/24 gateway 10.1.0.1 range 10.1.0.128/25 reserve r = 10.1.0.2 }
network b {
  mode vepa
  parent eth9.8
  subnet 10.2.0.0/24 {
    gateway 10.2.0.1
    range 10.2.0.128/25
    reserve 10.2.0.3
  }
  subnet fd00:2::/64 { gateway fd00:2::1 }
  label owner = \"net\\\"ops\\\\\"
  label env = prod
  name \"b-net\"
}
network c { mode private; parent eth9.9; subnet 10.3.0.0/24; gateway 10.3.0.1 }
network d { internal; subnet 10.4.0.0/24 }
shim sh0 { network a; address 10.1.0.250/32; route 10.1.0.128/25 }
container x {
  image \"alpine:3.20\"
  command \"sh\" \"-c\" \"sleep 1\\n\\t\"
  hostname x1
  env A = \"1\"
  env B = two
  network a ip 10.1.0.10
  network b {
    ip 10.2.0.10
    ip6 fd00:2::10
    mac 02:00:00:00:00:01
    alias bx
  }
  network d
  gateway a
  restart on-failure:3
}
container y { image alpine; network c ip 10.3.0.10; network d; depends-on x; restart always }
container z { image alpine; network c ip 10.3.0.11; network d; depends-on y x }
";
    let source = Source::new("t.mcr", text);
    let checked = check(&source, "t");
    let codes: Vec<&str> = checked
        .diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    assert_eq!(codes, Vec::<&str>::new(), "{:#?}", checked.diagnostics);
    let topology = checked.topology;
    assert_eq!(topology.project.name, "p");
    assert_eq!(topology.vlans.len(), 3);
    assert_eq!(topology.vlans[1].name.value, "eth9.8");
    assert_eq!(topology.networks[1].docker_name.value, "b-net");
    assert_eq!(topology.networks[0].docker_name.value, "p_a");
    assert_eq!(topology.networks[1].labels[0].1, "net\"ops\\");
    assert_eq!(
        topology.networks[1].subnets[0].reserved[0]
            .address
            .value
            .to_string(),
        "10.2.0.3"
    );
    assert_eq!(
        topology.networks[2].subnets[0].gateways[0]
            .value
            .to_string(),
        "10.3.0.1"
    );
    assert_eq!(topology.containers[0].docker_name, "p-x");
    assert_eq!(topology.containers[0].command, ["sh", "-c", "sleep 1\n\t"]);
    assert_eq!(
        topology.containers[0].attachments[1]
            .mac
            .as_ref()
            .unwrap()
            .value
            .to_string(),
        "02:00:00:00:00:01"
    );
    assert_eq!(topology.containers[2].depends_on.len(), 2);
}
