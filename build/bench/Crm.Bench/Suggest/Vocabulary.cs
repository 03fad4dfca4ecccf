using System.Text;
using System.Text.RegularExpressions;

namespace Crm.Bench.Suggest;

/// <summary>
/// The small vocabulary the companies and contacts are made of, with each word's folded form (what
/// the app's <c>SearchKeys.Fold</c> makes of it: lower case, "ё" as "е") and its Latin spelling for
/// e-mail addresses. The SQL of the load only concatenates these, so the folded columns it writes are
/// the app's by construction (and checked against records created through the API).
/// </summary>
internal static partial class Vocabulary
{
    /// <summary>Surnames, most common first (the load skews towards the start); male forms.</summary>
    public static readonly string[] Surnames =
    [
        "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков", "Фёдоров",
        "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев",
        "Орлов", "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Соловьёв", "Борисов", "Яковлев", "Григорьев",
        "Романов", "Воробьёв", "Сергеев", "Кузьмин", "Фролов", "Александров", "Дмитриев", "Королёв", "Гусев", "Киселёв",
        "Ильин", "Максимов", "Поляков", "Сорокин", "Виноградов", "Ковалёв", "Белов", "Медведев", "Антонов", "Тарасов",
        "Жуков", "Баранов", "Филиппов", "Комаров", "Давыдов", "Беляев", "Герасимов", "Богданов", "Осипов", "Сидоров",
        "Матвеев", "Титов", "Марков", "Миронов", "Крылов", "Куликов", "Карпов", "Власов", "Мельников", "Денисов",
        "Гаврилов", "Тихонов", "Казаков", "Афанасьев", "Данилов", "Савельев", "Тимофеев", "Фомин", "Чернов", "Абрамов",
        "Мартынов", "Ефимов", "Федотов", "Щербаков", "Назаров", "Калинин", "Исаев", "Чернышёв", "Быков", "Маслов",
        "Родионов", "Коновалов", "Лазарев", "Воронин", "Климов", "Филатов", "Пономарёв", "Голубев", "Кудрявцев", "Прохоров",
        "Наумов", "Потапов", "Журавлёв", "Овчинников", "Трофимов", "Леонов", "Соболев", "Ермаков", "Колесников", "Гончаров",
        "Емельянов", "Никифоров", "Грачёв", "Котов", "Гришин", "Ефремов", "Архипов", "Громов", "Кириллов", "Малышев",
        "Панов", "Моисеев", "Румянцев", "Акимов", "Кондратьев", "Бирюков", "Горбунов", "Анисимов", "Вишневский", "Тихомиров",
        "Галкин", "Лукьянов", "Михеев", "Скворцов", "Юдин", "Белоусов", "Нестеров", "Симонов", "Прокофьев", "Харитонов",
        "Князев", "Цветков", "Левин", "Митрофанов", "Воронов", "Аксёнов", "Ковальский", "Мальцев", "Логинов", "Горшков",
        "Савин", "Краснов", "Майоров", "Демидов", "Елисеев", "Рыбаков", "Сафонов", "Плотников", "Дёмин", "Хохлов",
        "Жданов", "Ивашкин", "Ивлев", "Бондаренко", "Шевченко", "Ткаченко", "Кравченко", "Белых", "Седых", "Ивченко",
    ];

    /// <summary>The rare surname: about 1 contact in 20,000 (about 30 of 600,000).</summary>
    public const string RareSurname = "Шпаковский";

    public static readonly string[] MaleNames =
    [
        "Александр", "Сергей", "Дмитрий", "Андрей", "Алексей", "Иван", "Максим", "Евгений", "Владимир", "Михаил",
        "Николай", "Игорь", "Павел", "Роман", "Артём", "Олег", "Денис", "Константин", "Виктор", "Юрий",
        "Кирилл", "Антон", "Илья", "Егор", "Никита", "Пётр", "Фёдор", "Григорий", "Василий", "Борис", "Станислав", "Вадим",
    ];

    public static readonly string[] FemaleNames =
    [
        "Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Анна", "Светлана", "Мария", "Екатерина", "Юлия",
        "Анастасия", "Марина", "Дарья", "Алёна", "Ксения", "Виктория", "Людмила", "Галина", "Надежда", "Вера",
        "Любовь", "Полина", "Александра", "Евгения", "Валентина", "Оксана", "Кристина", "Софья",
    ];

    /// <summary>Patronymics, male and female, from the fathers' names (same order).</summary>
    public static readonly (string Male, string Female)[] Patronymics =
    [
        ("Александрович", "Александровна"), ("Сергеевич", "Сергеевна"), ("Владимирович", "Владимировна"), ("Андреевич", "Андреевна"),
        ("Алексеевич", "Алексеевна"), ("Иванович", "Ивановна"), ("Николаевич", "Николаевна"), ("Михайлович", "Михайловна"),
        ("Дмитриевич", "Дмитриевна"), ("Викторович", "Викторовна"), ("Юрьевич", "Юрьевна"), ("Евгеньевич", "Евгеньевна"),
        ("Игоревич", "Игоревна"), ("Олегович", "Олеговна"), ("Петрович", "Петровна"), ("Павлович", "Павловна"),
        ("Анатольевич", "Анатольевна"), ("Васильевич", "Васильевна"), ("Геннадьевич", "Геннадьевна"), ("Валерьевич", "Валерьевна"),
        ("Борисович", "Борисовна"), ("Фёдорович", "Фёдоровна"), ("Григорьевич", "Григорьевна"), ("Константинович", "Константиновна"),
        ("Романович", "Романовна"), ("Максимович", "Максимовна"), ("Артёмович", "Артёмовна"), ("Ильич", "Ильинична"),
    ];

    public static readonly string[] Positions =
    [
        "Генеральный директор", "Директор", "Главный инженер", "Менеджер по закупкам", "Главный бухгалтер", "Бухгалтер",
        "Начальник участка", "Механик", "Снабженец", "Прораб", "Заместитель директора", "Инженер ПТО",
    ];

    /// <summary>Legal forms of companies and how often: ООО most, then ИП, АО.</summary>
    public static readonly (string Form, double Share)[] Forms = [("ООО", 0.68), ("ИП", 0.20), ("АО", 0.09), ("ПАО", 0.01), ("ЗАО", 0.02)];

    /// <summary>Brand names are one part of each list, joined («СеверСтрой», «Альфа-Логистик»), sometimes with a place.</summary>
    public static readonly string[] BrandFirst =
    [
        "Север", "Юг", "Урал", "Сибирь", "Волга", "Дон", "Балт", "Альфа", "Вектор", "Прогресс", "Техно", "Мост", "Агро", "Энерго",
        "Мега", "Транс", "Нефте", "Лес", "Мет", "Пром", "Авто", "Инвест", "Торг", "Гранит", "Эко", "Гео", "Стандарт", "Регион",
        "Капитал", "Спектр",
    ];

    public static readonly string[] BrandSecond =
    [
        "Строй", "Сервис", "Логистик", "Трейд", "Маш", "Снаб", "Тех", "Групп", "Холдинг", "Комплект", "Ресурс", "Инжиниринг",
        "Монтаж", "Проект", "Сбыт", "Лидер", "Систем", "Развитие", "Партнёр", "Импорт",
    ];

    public static readonly string[] Places = ["Москва", "Урал", "Сибирь", "Юг", "Запад", "Центр", "Поволжье", "Столица", "Плюс", "Восток"];

    public static readonly string[] Initials = ["А", "В", "Г", "Д", "Е", "И", "К", "Л", "М", "Н", "О", "П", "Р", "С", "Т", "Ю"];

    public static readonly string[] Regions =
    [
        "Москва", "Московская область", "Санкт-Петербург", "Свердловская область", "Краснодарский край", "Татарстан",
        "Новосибирская область", "Нижегородская область", "Ростовская область", "Самарская область",
    ];

    public static readonly string[] FreeMail = ["mail.ru", "yandex.ru", "gmail.com", "bk.ru", "inbox.ru", "list.ru", "rambler.ru"];

    public static readonly string[] CompanyMailboxes = ["info", "sales", "office", "zakaz", "mail", "snab"];

    /// <summary>Mobile codes (+7 9xx) and Moscow's landline codes (+7 495, +7 499).</summary>
    public static readonly string[] MobileCodes =
        ["916", "915", "903", "905", "906", "909", "910", "925", "926", "929", "965", "967", "977", "985", "999", "962", "963", "968", "901", "919"];

    public static readonly string[] MoscowCodes = ["495", "499"];

    /// <summary>The female form of a surname: -ов/-ев/-ёв/-ин + а, -ский → -ская; -енко and -ых stay.</summary>
    public static string Female(string surname) =>
        surname.EndsWith("ский", StringComparison.Ordinal) ? surname[..^4] + "ская"
        : surname.EndsWith("ов", StringComparison.Ordinal) || surname.EndsWith("ев", StringComparison.Ordinal)
          || surname.EndsWith("ёв", StringComparison.Ordinal) || surname.EndsWith("ин", StringComparison.Ordinal) ? surname + "а"
        : surname;

    /// <summary>The app's SearchKeys.Fold: trimmed, lower case (invariant), "ё" as "е", runs of blanks as one space.</summary>
    public static string Fold(string? text) => Blanks().Replace((text ?? "").Trim().ToLowerInvariant().Replace('ё', 'е'), " ");

    /// <summary>A plain transliteration for e-mail addresses (lower case Latin).</summary>
    public static string Latin(string text)
    {
        var sb = new StringBuilder();
        foreach (var ch in text.ToLowerInvariant())
        {
            sb.Append(ch switch
            {
                'а' => "a", 'б' => "b", 'в' => "v", 'г' => "g", 'д' => "d", 'е' or 'ё' or 'э' => "e", 'ж' => "zh", 'з' => "z",
                'и' => "i", 'й' => "y", 'к' => "k", 'л' => "l", 'м' => "m", 'н' => "n", 'о' => "o", 'п' => "p", 'р' => "r",
                'с' => "s", 'т' => "t", 'у' => "u", 'ф' => "f", 'х' => "kh", 'ц' => "ts", 'ч' => "ch", 'ш' => "sh",
                'щ' => "shch", 'ъ' or 'ь' => "", 'ы' => "y", 'ю' => "yu", 'я' => "ya",
                _ when char.IsAsciiLetterOrDigit(ch) => ch.ToString(),
                _ => "",
            });
        }
        return sb.ToString();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Blanks();
}
