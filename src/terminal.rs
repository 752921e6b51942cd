//! The terminal macrame runs on: its size, for `exec`'s pseudo-terminal
//! and for help that wraps where clap wraps.

/// (rows, columns) of the terminal on stdout, or `None` when stdout is
/// not one.
pub fn size() -> Option<(u16, u16)> {
    let mut size = nix::libc::winsize {
        ws_row: 0,
        ws_col: 0,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: TIOCGWINSZ writes one winsize into the struct given.
    let status = unsafe { nix::libc::ioctl(1, nix::libc::TIOCGWINSZ, &mut size) };
    (status == 0 && size.ws_row > 0 && size.ws_col > 0).then_some((size.ws_row, size.ws_col))
}
