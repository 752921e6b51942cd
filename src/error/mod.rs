//! The runtime's one error type: every failure names the object, what was
//! being done to it, and the cause, with the fix where there is one.

pub use crate::object::{Listing, Object, Operation, Part};

use crate::plan::Refusal;
use std::fmt;

/// Netlink's negative errno values the runtime tells apart.
pub mod errno {
    pub const EEXIST: i32 = -17;
    pub const ENODEV: i32 = -19;
    pub const EINVAL: i32 = -22;
    pub const ESRCH: i32 = -3;
    pub const EOPNOTSUPP: i32 = -95;
    pub const ENETDOWN: i32 = -100;
    pub const ENETUNREACH: i32 = -101;
}

#[derive(Debug)]
pub enum Error {
    /// The engine refused or failed a request.
    Docker {
        object: Object,
        action: Operation,
        source: bollard::errors::Error,
    },
    /// The kernel refused a netlink request. (Boxed: the largest of the
    /// causes, and every step returns an error.)
    Netlink {
        object: Object,
        action: Operation,
        source: Box<rtnetlink::Error>,
    },
    Io {
        object: Object,
        action: Operation,
        source: std::io::Error,
    },
    /// A step that could not be taken, for a reason of macrame's own (no
    /// errno, no engine status): the object, the action, the problem.
    Cannot {
        object: Object,
        action: Operation,
        problem: String,
    },
    /// A container is not in the state asked of it: never healthy or
    /// completed for a wait, missing for `start`, its command's status
    /// never recorded.
    State { object: Object, problem: String },
    /// An image could not be pulled or built.
    Image { object: Object, problem: String },
    /// Plan-time refusals: nothing was applied.
    Refused(Vec<Refusal>),
    /// After applying, what does not match the plan.
    Mismatch(Vec<String>),
    /// A step failed; what this run had done was undone, except what the
    /// undo itself failed at (listed).
    Failed {
        cause: Box<Error>,
        undo: Vec<Error>,
        /// Objects this run removed for good before it failed: in `down`
        /// everything, in `up` only a link it could not record (not a
        /// marked vlan or shim). All else `up` removed is restored.
        removed: Vec<String>,
        kept: bool,
    },
    /// Several independent failures (a teardown that went on past one).
    Several(Vec<Error>),
    /// What failed on one node of a file of several hosts.
    OnNode { node: String, error: Box<Error> },
    /// SIGINT or SIGTERM asked the run to stop.
    Interrupted,
    /// A wrong argument, or arguments that do not go together, or a name
    /// the file does not have: nothing was looked at or done.
    Usage(String),
    /// The file cannot be read (missing, over 16 MiB, not UTF-8).
    Unreadable {
        path: std::path::PathBuf,
        cause: crate::source::ReadError,
    },
    /// The file was read and has errors, shown above (lint's, or the
    /// parser's): nothing was applied or written from it.
    Invalid(String),
    /// The journal of a run that did not finish could not be replayed in
    /// full; it stays, for the next run to try again.
    Unrecovered {
        journal: std::path::PathBuf,
        errors: Vec<Error>,
    },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// This error, said to be `node`'s.
    pub fn on_node(node: &str) -> impl FnOnce(Error) -> Error {
        let node = node.to_string();
        move |error| Error::OnNode {
            node,
            error: Box::new(error),
        }
    }

    pub fn docker(
        object: impl Into<Object>,
        action: Operation,
    ) -> impl FnOnce(bollard::errors::Error) -> Error {
        let object = object.into();
        move |source| Error::Docker {
            object,
            action,
            source,
        }
    }

    pub fn netlink(
        object: impl Into<Object>,
        action: Operation,
    ) -> impl FnOnce(rtnetlink::Error) -> Error {
        let object = object.into();
        move |source| Error::Netlink {
            object,
            action,
            source: Box::new(source),
        }
    }

    pub fn io(
        object: impl Into<Object>,
        action: Operation,
    ) -> impl FnOnce(std::io::Error) -> Error {
        let object = object.into();
        move |source| Error::Io {
            object,
            action,
            source,
        }
    }

    pub fn cannot(
        object: impl Into<Object>,
        action: Operation,
        problem: impl std::fmt::Display,
    ) -> Error {
        Error::Cannot {
            object: object.into(),
            action,
            problem: problem.to_string(),
        }
    }

    /// The netlink errno, if this is a kernel refusal.
    pub fn netlink_code(&self) -> Option<i32> {
        match self {
            Error::Netlink { source, .. } => match source.as_ref() {
                rtnetlink::Error::NetlinkError(e) => Some(e.raw_code()),
                _ => None,
            },
            _ => None,
        }
    }

    /// The exit status for this failure, the same in every command: 130
    /// for a run a signal stopped (as a shell reports a command SIGINT
    /// ended), 2 for a wrong argument or a file that cannot be read
    /// (nothing was looked at), 1 for every other.
    pub fn exit_status(&self) -> u8 {
        match self {
            Error::Interrupted => 130,
            Error::Usage(_) | Error::Unreadable { .. } => 2,
            Error::Failed { cause, .. } => cause.exit_status(),
            Error::OnNode { error, .. } => error.exit_status(),
            Error::Several(errors) => errors.iter().map(Error::exit_status).max().unwrap_or(1),
            _ => 1,
        }
    }

    /// The engine's HTTP status, if this is an engine refusal.
    pub fn docker_status(&self) -> Option<u16> {
        match self {
            Error::Docker {
                source: bollard::errors::Error::DockerResponseServerError { status_code, .. },
                ..
            } => Some(*status_code),
            _ => None,
        }
    }
}

fn docker_cause(source: &bollard::errors::Error) -> String {
    use bollard::errors::Error as E;
    match source {
        E::DockerResponseServerError { message, .. } => message.trim().to_string(),
        E::DockerStreamError { error } => error.trim().to_string(),
        E::SocketNotFoundError(path) => {
            format!("no Docker engine at {path}: is dockerd running? (scripts/testbed starts one)")
        }
        other => other.to_string(),
    }
}

fn netlink_cause(object: &Object, action: Operation, source: &rtnetlink::Error) -> String {
    let rtnetlink::Error::NetlinkError(e) = source else {
        return source.to_string();
    };
    let io = e.to_io();
    let creating = action == Operation::Create;
    match (e.raw_code(), object) {
        (errno::EOPNOTSUPP, Object::Vlan(_)) if creating => {
            "the kernel does not support 802.1q vlan interfaces (operation not supported): load the module with `modprobe 8021q`".to_string()
        }
        (errno::EOPNOTSUPP, Object::Shim(_) | Object::ProbeLink { .. }) if creating => {
            "the kernel does not support macvlan interfaces (operation not supported): load the module with `modprobe macvlan`".to_string()
        }
        (errno::EINVAL, Object::Shim(_)) if creating => format!(
            "{io}: the parent may already carry a passthru macvlan, which takes the whole device"
        ),
        (errno::EEXIST, _) => format!("{io}: an interface or address of that name or id already exists"),
        (errno::ENETUNREACH, _) => format!("{io}: the gateway is not on any of the container's networks"),
        _ => io.to_string(),
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Docker {
                object,
                action,
                source,
            } => {
                write!(f, "{object}: {action} failed: {}", docker_cause(source))
            }
            Error::Netlink {
                object,
                action,
                source,
            } => {
                write!(
                    f,
                    "{object}: {action} failed: {}",
                    netlink_cause(object, *action, source)
                )
            }
            Error::Io {
                object,
                action,
                source,
            } => write!(f, "{object}: {action} failed: {source}"),
            Error::Cannot {
                object,
                action,
                problem,
            } => write!(f, "{object}: {action} failed: {problem}"),
            Error::State { object, problem } | Error::Image { object, problem } => {
                write!(f, "{object}: {problem}")
            }
            Error::Refused(refusals) => {
                writeln!(f, "plan refused; nothing was applied:")?;
                for refusal in refusals {
                    writeln!(f, "  {}: {}", refusal.object, refusal.problem)?;
                    writeln!(f, "    fix: {}", refusal.fix)?;
                }
                Ok(())
            }
            Error::Mismatch(lines) => {
                writeln!(f, "applied, but the host does not match the plan:")?;
                for line in lines {
                    writeln!(f, "  {line}")?;
                }
                Ok(())
            }
            Error::Failed {
                cause,
                undo,
                removed,
                kept,
            } => {
                write!(f, "{cause}")?;
                if *kept {
                    write!(
                        f,
                        "\n  left as it is for inspection (--keep-on-failure); `macrame down` removes it"
                    )?;
                } else if undo.is_empty() && removed.is_empty() {
                    write!(f, "\n  everything this run had changed was undone")?;
                } else {
                    if !undo.is_empty() {
                        write!(f, "\n  undoing this run failed in part:")?;
                        for error in undo {
                            write!(f, "\n    {error}")?;
                        }
                    }
                    if !removed.is_empty() {
                        write!(
                            f,
                            "\n  removed by this run, and not restored: {}; `macrame up` recreates what the file still has once the cause is fixed",
                            removed.join(", ")
                        )?;
                    }
                }
                Ok(())
            }
            Error::OnNode { node, error } => write!(f, "node {node}: {error}"),
            Error::Interrupted => write!(f, "interrupted by a signal (SIGINT or SIGTERM)"),
            Error::Usage(message) | Error::Invalid(message) => write!(f, "{message}"),
            Error::Unreadable { path, cause } => {
                write!(f, "cannot read `{}`: {cause}", path.display())
            }
            Error::Unrecovered { journal, errors } => {
                write!(
                    f,
                    "the last run of the project did not finish, and repairing what it left failed in part (its journal {} stays: the next run tries again once the cause is fixed):",
                    journal.display()
                )?;
                for error in errors {
                    write!(f, "\n  {error}")?;
                }
                Ok(())
            }
            Error::Several(errors) => {
                for (i, error) in errors.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{error}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for Error {}
