//! `lint` on odd and hostile files: each must end in the right result or
//! a clear error, within a stated bound of time and of memory (the peak
//! of the heap, counted by this bench's allocator). The bounds, with a
//! release build, are the `Case` lines below and in the README; the
//! bench fails when one is broken.
//!
//!     cargo bench --bench odd_input

use macrame::diagnostic::Code;
use macrame::report::{self, Color, FileReport};
use macrame::source::{ReadError, Source};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The system's allocator, keeping the heap's size and its peak.
struct Counting;

static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = NOW.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        NOW.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        if size > layout.size() {
            let now = NOW.fetch_add(size - layout.size(), Ordering::Relaxed) + size - layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        } else {
            NOW.fetch_sub(layout.size() - size, Ordering::Relaxed);
        }
        unsafe { System.realloc(ptr, layout, size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const MIB: usize = 1 << 20;

/// How long the check took, of the whole (µs): the rest is rendering.
static CHECKED: AtomicUsize = AtomicUsize::new(0);

/// What `lint FILE` does: read, check, render for a terminal. Returns
/// the diagnostics' codes, or the read error.
fn lint(path: &std::path::Path) -> Result<Vec<Code>, ReadError> {
    let source = Source::read(path)?;
    let started = Instant::now();
    let checked = macrame::lint::check(&source, "odd");
    CHECKED.store(started.elapsed().as_micros() as usize, Ordering::Relaxed);
    let rendered = report::render_human(
        &[FileReport {
            source: &source,
            diagnostics: &checked.diagnostics,
        }],
        Color::Never,
    );
    std::hint::black_box(rendered);
    Ok(checked.diagnostics.iter().map(|d| d.code).collect())
}

struct Case {
    name: &'static str,
    /// The bounds, release build.
    time: Duration,
    heap: usize,
    text: Vec<u8>,
    check: fn(Result<Vec<Code>, ReadError>),
}

const CLEAN: &str = "project odd\nnetwork lan {\n  parent eth1\n  subnet 10.0.0.0/24 gateway 10.0.0.1\n}\ncontainer web { image \"nginx\"; network lan ip 10.0.0.5 }\n";

fn clean(result: Result<Vec<Code>, ReadError>) {
    assert_eq!(result.expect("read"), Vec::<Code>::new());
}

/// `networks` networks on their own parents, each with `containers`.
fn many(networks: usize, containers: usize) -> String {
    let mut text = String::from("project odd\n");
    for n in 0..networks {
        let (a, b) = (n / 256 % 256, n % 256);
        text.push_str(&format!(
            "network n{n} {{\n  parent eth{n}\n  subnet 10.{a}.{b}.0/24 gateway 10.{a}.{b}.1\n}}\n"
        ));
        for c in 0..containers {
            text.push_str(&format!(
                "container c{n}x{c} {{ image \"nginx\"; network n{n} ip 10.{a}.{b}.{} }}\n",
                c + 10
            ));
        }
    }
    text
}

fn cases() -> Vec<Case> {
    let mut fifty = many(1, 1).into_bytes();
    fifty.resize(50 * MIB, b'\n');
    // Just under the largest file read: about 100,000 containers.
    let mut sixteen = many(10_000, 10);
    assert!(sixteen.len() < 16 * MIB, "{}", sixteen.len());
    sixteen.truncate(sixteen.len());
    let mut long_comment = String::from(CLEAN);
    long_comment.push_str(&format!("# {}\n", "x".repeat(MIB)));
    let labels = "label a = \"b\"; ".repeat(MIB / 16);
    let long_statement = CLEAN.replace("container web {", &format!("container web {{ {labels}"));
    let mut hundred_thousand = String::from("project odd\n");
    for n in 0..100_000 {
        // Host bits set: one `host-bits` error each, and no container.
        let (a, b) = (n / 256 % 256, n % 256);
        hundred_thousand.push_str(&format!(
            "network n{n} {{ parent eth{n}; subnet 10.{a}.{b}.5/24 }}\n"
        ));
    }
    vec![
        Case {
            name: "a 50 MiB file: refused unread",
            time: Duration::from_millis(5),
            heap: MIB,
            text: fifty,
            check: |result| assert!(matches!(result, Err(ReadError::TooLarge(_)))),
        },
        Case {
            name: "a 15 MiB file (100,000 containers): linted",
            time: Duration::from_secs(4),
            heap: 1536 * MIB,
            text: std::mem::take(&mut sixteen).into_bytes(),
            check: clean,
        },
        Case {
            name: "braces 10,000 deep: one syntax error",
            time: Duration::from_millis(5),
            heap: MIB,
            text: format!(
                "project odd\nnetwork lan {}{}\n",
                "{".repeat(10_000),
                "}".repeat(10_000)
            )
            .into_bytes(),
            check: |result| assert_eq!(result.expect("read"), [Code::Syntax]),
        },
        Case {
            name: "a NUL byte: a syntax error naming it",
            time: Duration::from_millis(5),
            heap: MIB,
            text: CLEAN.replace("project odd", "project od\0d").into_bytes(),
            check: |result| assert!(result.expect("read").contains(&Code::Syntax)),
        },
        Case {
            name: "invalid UTF-8: refused, naming where",
            time: Duration::from_millis(5),
            heap: MIB,
            text: [CLEAN.as_bytes(), b"\xc3\x28"].concat(),
            check: |result| {
                assert!(matches!(
                    result,
                    Err(ReadError::NotUtf8 {
                        line: 7,
                        column: 1,
                        byte: 0xc3
                    })
                ))
            },
        },
        Case {
            name: "CRLF line ends: as LF",
            time: Duration::from_millis(5),
            heap: MIB,
            text: CLEAN.replace('\n', "\r\n").into_bytes(),
            check: clean,
        },
        Case {
            name: "lone CR line ends: as LF",
            time: Duration::from_millis(5),
            heap: MIB,
            text: CLEAN.replace('\n', "\r").into_bytes(),
            check: clean,
        },
        Case {
            name: "a byte order mark: skipped",
            time: Duration::from_millis(5),
            heap: MIB,
            text: format!("\u{feff}{CLEAN}").into_bytes(),
            check: clean,
        },
        Case {
            name: "a 1 MiB comment line: linted",
            time: Duration::from_millis(50),
            heap: 16 * MIB,
            text: long_comment.into_bytes(),
            check: clean,
        },
        Case {
            name: "a 1 MiB statement line (65,536 labels): linted",
            time: Duration::from_millis(500),
            heap: 256 * MIB,
            text: long_statement.into_bytes(),
            check: clean,
        },
        Case {
            name: "100,000 diagnostics: all reported and rendered",
            // About 90 µs a diagnostic in miette's graphical renderer, on
            // top of a 1.2 s check (measured: 10 s in all).
            time: Duration::from_secs(20),
            heap: 1536 * MIB,
            text: hundred_thousand.into_bytes(),
            check: |result| {
                let codes = result.expect("read");
                let host_bits = codes.iter().filter(|c| **c == Code::SubnetHostBits).count();
                assert_eq!(host_bits, 100_000);
            },
        },
    ]
}

fn main() {
    let dir = std::env::temp_dir().join(format!("macrame-odd-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut broken = Vec::new();
    for case in cases() {
        let path = dir.join("odd.mcr");
        std::fs::write(&path, &case.text).unwrap();
        drop(case.text);
        let base = NOW.load(Ordering::Relaxed);
        PEAK.store(base, Ordering::Relaxed);
        let started = Instant::now();
        let result = lint(&path);
        let time = started.elapsed();
        let heap = PEAK.load(Ordering::Relaxed) - base;
        (case.check)(result);
        let within = time <= case.time && heap <= case.heap;
        println!(
            "{:<52} {:>9.1} ms (check {:>7.1}, bound {:>6} ms) {:>8.1} MiB heap (bound {:>5} MiB){}",
            case.name,
            time.as_secs_f64() * 1e3,
            CHECKED.load(Ordering::Relaxed) as f64 / 1e3,
            case.time.as_millis(),
            heap as f64 / MIB as f64,
            case.heap / MIB,
            if within { "" } else { "  OVER" }
        );
        if !within {
            broken.push(case.name);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(broken.is_empty(), "over their bounds: {broken:?}");
}
