// Charts in the page's language: month and weekday names, and the decimal comma of Finnish and Swedish.
// Loaded right after plotly.min.js (templates/_plotly.html); English is Plotly's own default.
(function () {
  const finnish = {
    days: ["sunnuntai", "maanantai", "tiistai", "keskiviikko", "torstai", "perjantai", "lauantai"],
    shortDays: ["su", "ma", "ti", "ke", "to", "pe", "la"],
    months: ["tammikuu", "helmikuu", "maaliskuu", "huhtikuu", "toukokuu", "kesäkuu", "heinäkuu", "elokuu",
      "syyskuu", "lokakuu", "marraskuu", "joulukuu"],
    shortMonths: ["tammi", "helmi", "maalis", "huhti", "touko", "kesä", "heinä", "elo", "syys", "loka", "marras",
      "joulu"],
    periods: ["", ""], dateTime: "%A %e. %Bta %Y klo %X", date: "%d.%m.%Y", time: "%H.%M.%S",
    decimal: ",", thousands: "\u00a0", grouping: [3], currency: ["", "\u00a0€"],
  };
  const swedish = {
    days: ["söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"],
    shortDays: ["sön", "mån", "tis", "ons", "tor", "fre", "lör"],
    months: ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
      "november", "december"],
    shortMonths: ["jan", "feb", "mars", "apr", "maj", "juni", "juli", "aug", "sep", "okt", "nov", "dec"],
    periods: ["fm", "em"], dateTime: "%A %e %B %Y %X", date: "%Y-%m-%d", time: "%H:%M:%S",
    decimal: ",", thousands: "\u00a0", grouping: [3], currency: ["", "\u00a0€"],
  };
  if (typeof Plotly === "undefined") return;
  Plotly.register({moduleType: "locale", name: "fi", dictionary: {}, format: finnish});
  Plotly.register({moduleType: "locale", name: "sv", dictionary: {}, format: swedish});
  const language = (document.documentElement.lang || "en").slice(0, 2);
  if (language === "fi" || language === "sv") Plotly.setPlotConfig({locale: language});
})();
