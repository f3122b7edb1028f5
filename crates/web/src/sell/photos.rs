//! Photo uploads from the seller's forms, and arranging a listing's photos.

use super::{Seller, own_listing};
use crate::error::{Error, PageError};
use crate::forms::{PageForm, PageMultipart, unknown_choice};
use crate::state::AppState;
use crate::visitor::{CSRF_REFUSED, Visitor};
use axum::extract::multipart::{Field, MultipartError};
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use bytes::{Bytes, BytesMut};
use echoppe_domain::{Timestamp, shorten};
use echoppe_media::{UploadError, UploadRefusal};
use echoppe_storage::{MAX_LISTING_PHOTOS, PhotoAppend};
use serde::Deserialize;

/// One file of a multipart form: its bytes, or why they were not even read
/// in full (too heavy).
pub(crate) struct UploadedFile {
    pub(crate) name: String,
    pub(crate) bytes: Result<Bytes, UploadRefusal>,
}

/// A multipart upload form, read one field at a time so that at most one
/// file is held in memory. The CSRF token must come before any file (the
/// forms put it first), so nothing of a forged request is even buffered.
pub(crate) struct UploadForm {
    multipart: Multipart,
    max_bytes: usize,
    verified: bool,
    /// The avatar form's "remove" button.
    pub(crate) remove_avatar: bool,
}

/// A CSRF token is 43 characters; anything much longer is not one.
const CSRF_FIELD_MAX: usize = 256;

impl UploadForm {
    pub(crate) fn new(PageMultipart(multipart): PageMultipart, max_bytes: usize) -> Self {
        Self { multipart, max_bytes, verified: false, remove_avatar: false }
    }

    /// The next file of the form; `None` once the form is read. A file is
    /// read up to the size limit; past that its bytes are counted and
    /// dropped, so memory stays bounded by the limit.
    pub(crate) async fn next_file(&mut self, visitor: &Visitor) -> Result<Option<UploadedFile>, Error> {
        while let Some(mut field) = self.multipart.next_field().await.map_err(multipart_error)? {
            let name = field.name().unwrap_or_default().to_owned();
            if name == "csrf" {
                let (token, total) = read_capped(&mut field, CSRF_FIELD_MAX).await?;
                let token = String::from_utf8(token.to_vec()).unwrap_or_default();
                if total > CSRF_FIELD_MAX {
                    return Err(Error::Forbidden(CSRF_REFUSED));
                }
                visitor.verify_csrf(&token).await?;
                self.verified = true;
                continue;
            }
            if !self.verified {
                return Err(Error::Forbidden(CSRF_REFUSED));
            }
            match name.as_str() {
                "photos" | "avatar" => {
                    let file_name = field.file_name().unwrap_or_default().to_owned();
                    let (bytes, total) = read_capped(&mut field, self.max_bytes).await?;
                    // A file input left empty still sends an empty, nameless part.
                    if file_name.is_empty() && total == 0 {
                        continue;
                    }
                    let bytes = if total > self.max_bytes {
                        Err(UploadRefusal::TooLarge { bytes: total, limit: self.max_bytes })
                    } else {
                        Ok(bytes)
                    };
                    return Ok(Some(UploadedFile { name: file_name, bytes }));
                }
                "remove" => self.remove_avatar = true,
                // Unknown fields are skipped, as browsers may add their own.
                _ => {}
            }
        }
        if !self.verified {
            return Err(Error::Forbidden(CSRF_REFUSED));
        }
        Ok(None)
    }
}

/// Reads a field up to `max` bytes; returns them and the field's full size.
async fn read_capped(field: &mut Field<'_>, max: usize) -> Result<(Bytes, usize), Error> {
    let mut buffer = BytesMut::new();
    let mut total = 0_usize;
    while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
        total = total.saturating_add(chunk.len());
        if total <= max {
            buffer.extend_from_slice(&chunk);
        }
    }
    Ok((buffer.freeze(), total))
}

#[expect(clippy::needless_pass_by_value, reason = "a map_err adapter takes the error by value")]
fn multipart_error(error: MultipartError) -> Error {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        Error::PayloadTooLarge(
            "l'envoi dépasse la taille autorisée : envoyez des photos plus légères, ou moins à la fois",
        )
    } else {
        Error::BadRequest { param: "photos", message: "l'envoi est incomplet ou mal formé".to_owned() }
    }
}

/// "« atelier.heic » a été refusée : ce fichier n'est pas une photo JPEG, PNG ou WebP…"
pub(crate) fn refusal_message(file_name: &str, refusal: &UploadRefusal) -> String {
    if file_name.is_empty() {
        format!("La photo a été refusée : {refusal}.")
    } else {
        format!("« {} » a été refusée : {refusal}.", shorten(file_name))
    }
}

/// Adds the uploaded photos to a listing, one at a time as they arrive.
/// Whatever happened to each — added, refused with the reason, already
/// there, no room left — is told on the edit page the browser is sent back
/// to, so reloading that page never uploads again.
pub(crate) async fn upload(
    State(state): State<AppState>,
    seller: Seller,
    Path(id): Path<String>,
    multipart: PageMultipart,
) -> Result<Response, PageError> {
    let listing = own_listing(&state, &seller.shop, &id).await?;
    let visitor = &seller.signed_in.visitor;
    let _slot = state.upload_slot().await?;
    let mut form = UploadForm::new(multipart, state.settings.uploads.max_bytes);
    let mut room = MAX_LISTING_PHOTOS.saturating_sub(listing.photos.len());
    let (mut added, mut no_room, mut sent) = (0, 0, 0);
    let mut notices = Vec::new();
    while let Some(file) = form.next_file(visitor).await? {
        sent += 1;
        if room == 0 {
            // Not even decoded: it could not be kept anyway.
            no_room += 1;
            continue;
        }
        let outcome = match file.bytes {
            Ok(bytes) => state.photos.accept_upload(bytes, &state.settings.uploads).await,
            Err(refusal) => Err(UploadError::Refused(refusal)),
        };
        let photo = match outcome {
            Ok(photo) => photo,
            Err(UploadError::Refused(refusal)) => {
                notices.push(refusal_message(&file.name, &refusal));
                continue;
            }
            Err(UploadError::Media(error)) => return Err(Error::from(error).into()),
        };
        match state.db.append_listing_photo(listing.id, &photo, Timestamp::now()).await? {
            PhotoAppend::Added => {
                added += 1;
                room -= 1;
            }
            PhotoAppend::AlreadyThere => {
                notices.push(format!("« {} » est déjà dans l'annonce.", shorten(&file.name)));
            }
            PhotoAppend::Full => {
                no_room += 1;
                room = 0;
            }
        }
    }
    if sent == 0 {
        notices.push("Choisissez au moins une photo avant d'envoyer.".to_owned());
    }
    if no_room > 0 {
        notices.push(format!("{no_room} photo(s) non ajoutée(s) : une annonce a {MAX_LISTING_PHOTOS} photos au plus."));
    }
    if added > 0 {
        visitor.flash_ok(format!("{added} photo(s) ajoutée(s).")).await?;
    }
    for notice in notices {
        visitor.flash(notice).await?;
    }
    Ok(Redirect::to(&format!("/sell/listings/{}", listing.id)).into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ArrangeForm {
    csrf: String,
    /// The photo's key, so a click on a page that is out of date moves the
    /// photo the seller saw, not whichever now sits at that position.
    key: String,
    /// `cover`, `left`, `right` or `remove`.
    action: String,
}

pub(crate) async fn arrange(
    State(state): State<AppState>,
    seller: Seller,
    Path(id): Path<String>,
    PageForm(form): PageForm<ArrangeForm>,
) -> Result<Response, PageError> {
    let visitor = &seller.signed_in.visitor;
    visitor.verify_csrf(&form.csrf).await?;
    let listing = own_listing(&state, &seller.shop, &id).await?;
    let mut photos = listing.photos.clone();
    let Some(index) = photos.iter().position(|p| p.key.as_str() == form.key) else {
        visitor.flash("Cette photo n'est plus dans l'annonce.").await?;
        return Ok(Redirect::to(&format!("/sell/listings/{}", listing.id)).into_response());
    };
    match form.action.as_str() {
        "cover" => {
            let photo = photos.remove(index);
            photos.insert(0, photo);
        }
        "left" if index > 0 => photos.swap(index, index - 1),
        "right" if index + 1 < photos.len() => photos.swap(index, index + 1),
        "left" | "right" => {}
        "remove" => {
            photos.remove(index);
        }
        other => return Err(unknown_choice("action", other, &["cover", "left", "right", "remove"]).into()),
    }
    state.db.set_listing_photos(listing.id, &photos, Timestamp::now()).await?;
    if photos.is_empty() && listing.state.is_public() {
        visitor.flash("L'annonce n'a plus de photo : ajoutez-en une pour qu'elle reste attrayante.").await?;
    }
    Ok(Redirect::to(&format!("/sell/listings/{}", listing.id)).into_response())
}
