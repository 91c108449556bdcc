// Preparing a consent: choosing someone from the client's contacts fills in the recipient's
// name and kind (when the name is still empty) and phone. Without JavaScript the server does the same.
document.addEventListener("DOMContentLoaded", () => {
  const select = document.getElementById("id_contact");
  const data = document.getElementById("contact-details");
  if (!select || !data) return;
  const details = JSON.parse(data.textContent);
  select.addEventListener("change", () => {
    const chosen = details[select.value];
    if (!chosen) return;
    const name = document.getElementById("id_recipient_name");
    const kind = document.getElementById("id_recipient_kind");
    const reach = document.getElementById("id_recipient_contact");
    if (name && !name.value.trim()) {
      name.value = chosen.name;
      if (kind) kind.value = chosen.kind;
    }
    if (reach && !reach.value.trim()) reach.value = chosen.reach;
  });
});
