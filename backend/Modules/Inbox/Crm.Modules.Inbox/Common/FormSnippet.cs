using System.Text;

namespace Crm.Modules.Inbox.Common;

/// <summary>
/// The HTML an admin pastes into the company's site: a plain form that posts form-encoded to the
/// submission address (works without script), the form's fields with Russian labels, a hidden honeypot,
/// and a small script that posts the same fields as JSON instead and shows the answer (the thank-you
/// text, or what is wrong) in place. The only value written into it is the address (configured base URL
/// and the server-made key), HTML-encoded; the script holds no value at all and shows answers as text.
/// </summary>
internal static class FormSnippet
{
    /// <summary>The message field is cut at this in the browser: a form-encoded post of Cyrillic text (6 bytes a letter) stays within the 16 KB anonymous body.</summary>
    public const int MessageMaxLength = 1_500;

    public static string Html(string action, FormFields fields)
    {
        var html = new StringBuilder();
        html.Append($"<form class=\"crm-form\" method=\"post\" action=\"{FormPages.Html.Encode(action)}\" accept-charset=\"utf-8\">\n");
        foreach (var (field, required) in fields.Shown())
        {
            var attributes = $"name=\"{field.Name}\"{Input(field.Name)}{(required ? " required" : "")}";
            var control = field.Name == "message" ? $"<textarea {attributes} rows=\"5\"></textarea>" : $"<input {attributes}>";
            html.Append($"  <p><label>{FormPages.Html.Encode(field.LabelRu)}{(required ? " *" : "")}<br>{control}</label></p>\n");
        }
        html.Append("""
              <p style="position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden" aria-hidden="true"><label>Не заполняйте это поле <input name="homepage" tabindex="-1" autocomplete="off"></label></p>
              <p><button type="submit">Отправить</button></p>
              <p class="crm-form-status" role="status"></p>
            </form>
            <script>
            (function (f) {
              if (!f || !window.fetch || !window.FormData) return;
              var s = f.querySelector('.crm-form-status'), b = f.querySelector('button');
              f.addEventListener('submit', function (e) {
                e.preventDefault();
                var data = {};
                new FormData(f).forEach(function (v, k) { data[k] = v; });
                b.disabled = true;
                s.textContent = '';
                fetch(f.action, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' }, body: JSON.stringify(data) })
                  .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, j: j }; }); })
                  .then(function (x) {
                    b.disabled = false;
                    if (x.ok) {
                      var p = document.createElement('p');
                      p.style.whiteSpace = 'pre-line';
                      p.textContent = x.j.thankYou;
                      f.parentNode.replaceChild(p, f);
                      return;
                    }
                    var errors = x.j.errors || {};
                    s.textContent = Object.keys(errors).map(function (k) { return errors[k].join(' '); }).join(' ') || x.j.detail || x.j.title || '';
                  })
                  .catch(function () { b.disabled = false; s.textContent = 'Не удалось отправить заявку. Попробуйте ещё раз.'; });
              });
            })(document.currentScript && document.currentScript.previousElementSibling);
            </script>

            """);
        return html.ToString();
    }

    /// <summary>Each field's input type, autofill hint and length (the server cuts longer text the same way).</summary>
    private static string Input(string name) => name switch
    {
        "contactName" => $" autocomplete=\"name\" maxlength=\"{RequestRules.NameMaxLength}\"",
        "phone" => " type=\"tel\" autocomplete=\"tel\" maxlength=\"30\"",
        "email" => " type=\"email\" autocomplete=\"email\" maxlength=\"254\"",
        "companyName" => $" autocomplete=\"organization\" maxlength=\"{RequestRules.NameMaxLength}\"",
        "region" => $" maxlength=\"{RequestRules.RegionMaxLength}\"",
        _ => $" maxlength=\"{MessageMaxLength}\"",
    };
}
