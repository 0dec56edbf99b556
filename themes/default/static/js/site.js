// Cairn default theme: progressive enhancements only; every page works without this file.
document.documentElement.classList.add("js");
