//! CSS hex colours, as the site configuration gives them (`#a3161a`).

/// A setting that is no CSS hex colour.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {value:?} is not a CSS hex colour (#rgb, #rgba, #rrggbb or #rrggbbaa)")]
pub struct ColourError {
    pub field: &'static str,
    pub value: String,
}

/// A colour written as CSS hex notation: `#rgb`, `#rgba`, `#rrggbb` or `#rrggbbaa`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HexColour {
    pub red: u8,
    pub green: u8,
    pub blue: u8,
    pub alpha: u8,
}

impl HexColour {
    /// Parses `value`; `field` names the setting in the error (`theme_color`).
    pub fn parse(field: &'static str, value: &str) -> Result<HexColour, ColourError> {
        let invalid = || ColourError {
            field,
            value: value.to_string(),
        };
        let digits = value.strip_prefix('#').ok_or_else(invalid)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(invalid());
        }
        let channels: Vec<u8> = match digits.len() {
            3 | 4 => digits.bytes().map(|d| nibble(d) * 17).collect(),
            6 | 8 => digits
                .as_bytes()
                .chunks(2)
                .map(|p| nibble(p[0]) * 16 + nibble(p[1]))
                .collect(),
            _ => return Err(invalid()),
        };
        Ok(HexColour {
            red: channels[0],
            green: channels[1],
            blue: channels[2],
            alpha: channels.get(3).copied().unwrap_or(255),
        })
    }

    pub fn is_opaque(&self) -> bool {
        self.alpha == 255
    }

    /// `#rrggbb`, or `#rrggbbaa` when not opaque: one spelling per colour.
    pub fn to_css(&self) -> String {
        let rgb = format!("#{:02x}{:02x}{:02x}", self.red, self.green, self.blue);
        if self.is_opaque() {
            rgb
        } else {
            format!("{rgb}{:02x}", self.alpha)
        }
    }
}

fn nibble(hex_digit: u8) -> u8 {
    (hex_digit as char).to_digit(16).unwrap_or(0) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_four_notations_parse() {
        let red = HexColour::parse("c", "#a3161a").unwrap();
        assert_eq!(
            (red.red, red.green, red.blue, red.alpha),
            (0xa3, 0x16, 0x1a, 255)
        );
        assert_eq!(HexColour::parse("c", "#FfF").unwrap().to_css(), "#ffffff");
        assert_eq!(
            HexColour::parse("c", "#0008").unwrap().to_css(),
            "#00000088"
        );
        assert_eq!(HexColour::parse("c", "#11223344").unwrap().alpha, 0x44);
    }

    #[test]
    fn anything_else_is_refused_naming_the_field() {
        for bad in [
            "",
            "#",
            "a3161a",
            "#12",
            "#12345",
            "#1234567",
            "#ggg",
            "red",
            "#+1f",
            "#１２３",
        ] {
            let err = HexColour::parse("theme_color", bad).unwrap_err();
            assert!(err.to_string().starts_with("theme_color:"), "{err}");
        }
    }
}
