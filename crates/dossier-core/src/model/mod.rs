//! The vocabulary every layer speaks, with no storage and no I/O: what a
//! contact came through (`Channel`), the jurisdiction whose rules apply
//! (`Rules`), the kind of a file (`Kind`) and phone numbers brought to one
//! form (`phone`). Everything else in the crate may use these; they use
//! nothing of it.

/// Gives a vocabulary type its one text form in serde: the word `as_str`
/// writes and `parse` reads. A request or a file that carries an unknown
/// word is refused where it is decoded, with the words it could have been.
macro_rules! text_form {
    ($ty:ty) => {
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = String::deserialize(d)?;
                <$ty>::parse(&text).ok_or_else(|| {
                    let known: Vec<&str> = <$ty>::ALL.iter().map(|v| v.as_str()).collect();
                    serde::de::Error::custom(format!(
                        "unknown word {text:?}: expected one of {}",
                        known.join(", ")
                    ))
                })
            }
        }
    };
}
pub(crate) use text_form;

pub mod channel;
pub mod direction;
pub mod jurisdiction;
pub mod kind;
pub mod lang;
pub mod phone;
pub mod role;
