//! QR codes for the kiosk's "take it home" link: the modules of a QR code for a text (the
//! current view's deep link), which the page draws on a small canvas. Pure Rust, through the
//! `qrcode` crate without its image features; the page draws the quiet zone around it.

use qrcode::types::{Color, QrError};
use qrcode::{EcLevel, QrCode};

/// A QR code's modules, row by row from the top left, `true` for dark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrMatrix {
    /// Modules per side: 21 for version 1, 4 more per version.
    pub size: usize,
    pub dark: Vec<bool>,
}

impl QrMatrix {
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        self.dark[y * self.size + x]
    }
}

/// Encodes `text` as a QR code at error-correction level M (15 % of the code may be lost: a
/// smudge on the glass), in the smallest version that holds it. An empty text or one too long
/// for any version (about 2,300 bytes of a URL at level M) is an error.
pub fn encode(text: &str) -> Result<QrMatrix, String> {
    if text.is_empty() {
        return Err("nothing to encode".to_owned());
    }
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).map_err(|e| match e {
        QrError::DataTooLong => format!("{} bytes are too long for a QR code", text.len()),
        other => other.to_string(),
    })?;
    let size = code.width();
    let dark = code.to_colors().into_iter().map(|c| c == Color::Dark).collect();
    Ok(QrMatrix { size, dark })
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINK: &str = "https://museum.example.org/supply-routes/#date=1938-11&route=hong-kong-railway";

    /// Renders the matrix with a 4-module quiet zone at `scale` px per module, as the page does,
    /// and reads it back with an independent decoder.
    fn decode(m: &QrMatrix, scale: usize) -> String {
        let side = (m.size + 8) * scale;
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| {
            let (mx, my) = ((x / scale).wrapping_sub(4), (y / scale).wrapping_sub(4));
            if mx < m.size && my < m.size && m.is_dark(mx, my) {
                0
            } else {
                255
            }
        });
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1, "one code found");
        grids[0].decode().expect("decodes").1
    }

    #[test]
    fn a_deep_link_round_trips_through_a_decoder() {
        let m = encode(LINK).expect("encodes");
        assert_eq!(decode(&m, 4), LINK);
        let short = encode("http://127.0.0.1:8080/#route=burma-road").expect("encodes");
        assert_eq!(decode(&short, 3), "http://127.0.0.1:8080/#route=burma-road");
    }

    #[test]
    fn size_is_that_of_a_qr_version_and_grows_with_the_text() {
        let small = encode("a").expect("encodes");
        assert_eq!(small.size, 21, "version 1");
        assert_eq!(small.dark.len(), 21 * 21);
        let link = encode(LINK).expect("encodes");
        assert_eq!((link.size - 17) % 4, 0, "17 + 4 × version");
        assert!(link.size > small.size);
        // 79 bytes at level M need version 5 (max 84 bytes), 37 modules: big modules on screen.
        assert_eq!(link.size, 37);
    }

    #[test]
    fn finder_patterns_sit_in_three_corners() {
        let m = encode(LINK).expect("encodes");
        let n = m.size;
        for (ox, oy) in [(0, 0), (n - 7, 0), (0, n - 7)] {
            for i in 0..7 {
                // The 7×7 outer ring is dark, the ring inside it light, the 3×3 core dark.
                for (x, y) in [(i, 0), (i, 6), (0, i), (6, i)] {
                    assert!(m.is_dark(ox + x, oy + y), "ring at {ox},{oy} +{x},{y}");
                }
            }
            assert!(!m.is_dark(ox + 1, oy + 1));
            assert!(m.is_dark(ox + 3, oy + 3));
        }
        // No finder in the bottom-right corner.
        assert!(!(0..7).all(|i| m.is_dark(n - 7 + i, n - 7)));
    }

    #[test]
    fn the_same_text_gives_the_same_code_and_another_text_another() {
        assert_eq!(encode(LINK), encode(LINK));
        let other = encode(&LINK.replace("hong-kong-railway", "burma-road")).expect("encodes");
        assert_ne!(encode(LINK).expect("encodes").dark, other.dark);
    }

    #[test]
    fn empty_and_overlong_texts_are_errors() {
        assert!(encode("").is_err());
        let long = format!("http://x/#{}", "a".repeat(3000));
        let err = encode(&long).expect_err("too long");
        assert!(err.contains("too long"), "{err}");
    }
}
