using Crm.BuildingBlocks.Localization;

namespace Crm.Host;

/// <summary>Titles in the user's language for the problems the framework writes itself (401, 403, 404, 405).</summary>
internal static class ProblemTitles
{
    public static void Localize(ProblemDetailsContext context)
    {
        if (context.Exception is not null)
        {
            return;
        }
        var problem = context.ProblemDetails;
        (problem.Title, problem.Detail) = problem.Status switch
        {
            StatusCodes.Status401Unauthorized => (T.Pick("Требуется вход", "Sign-in required"),
                problem.Detail ?? T.Pick("Войдите в систему, чтобы продолжить.", "Sign in to continue.")),
            StatusCodes.Status403Forbidden => (T.Pick("Недостаточно прав", "Forbidden"),
                problem.Detail ?? T.Pick("У вашей роли нет доступа к этому действию.", "Your role does not allow this.")),
            StatusCodes.Status404NotFound => (T.Pick("Не найдено", "Not found"), problem.Detail),
            StatusCodes.Status405MethodNotAllowed => (T.Pick("Метод не поддерживается", "Method not allowed"), problem.Detail),
            _ => (problem.Title, problem.Detail),
        };
    }
}
