//! The parts of `site.toml` a Chinese portal sets: `[licences]` (its 备案号) and `[labels]`
//! (its own words for the breadcrumb, the credits and the view count). Unknown keys are
//! errors, so a misspelt one is not silently ignored.

use broadsheet_app::model::{Labels, Licences};
use serde::Deserialize;

/// `[licences]`: the registrations a site in mainland China shows in its footer.
#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub(super) struct LicencesToml {
    icp: String,
    public_security: String,
}

impl LicencesToml {
    pub(super) fn into_model(self) -> Licences {
        Licences {
            icp: self.icp.trim().to_owned(),
            public_security: self.public_security.trim().to_owned(),
        }
    }
}

/// `[labels]`: see [`Labels`].
#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub(super) struct LabelsToml {
    you_are_here: String,
    writers: String,
    photographers: String,
    editors: String,
    views: String,
}

impl LabelsToml {
    pub(super) fn into_model(self) -> Labels {
        let word = |s: String| s.trim().to_owned();
        Labels {
            you_are_here: word(self.you_are_here),
            writers: word(self.writers),
            photographers: word(self.photographers),
            editors: word(self.editors),
            views: word(self.views),
        }
    }
}
