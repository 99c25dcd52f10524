// While a large sheet uploads and is checked, the page says so instead of looking stuck.
document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("#upload, #commit")) {
    form.addEventListener("submit", () => {
      const progress = document.getElementById("upload-progress");
      if (progress) progress.hidden = false;
      for (const button of form.querySelectorAll("button")) button.disabled = true;
    });
  }
});
