using System;

namespace Ddm.Cli;

/// <summary>
/// Connection settings in the OpenStack way: an option wins over its environment variable.
/// <c>--endpoint</c>/<c>DDM_ENDPOINT</c>, <c>--project-id</c>/<c>OS_PROJECT_ID</c>, <c>--token</c>/<c>OS_AUTH_TOKEN</c>,
/// or an IAM password from <c>OS_AUTH_URL</c>, <c>OS_USERNAME</c>, <c>OS_PASSWORD</c>, <c>OS_USER_DOMAIN_NAME</c>,
/// <c>OS_PROJECT_ID</c> or <c>OS_PROJECT_NAME</c>.
/// </summary>
internal sealed record Settings(
    string? Endpoint,
    string? ProjectId,
    string? ProjectName,
    string? Token,
    string? AuthUrl,
    string? UserName,
    string? Password,
    string? DomainName)
{
    public static Settings Resolve(string? endpoint, string? projectId, string? token, Func<string, string?> environment)
    {
        string? Read(string? option, string variable) => !string.IsNullOrWhiteSpace(option) ? option : Blank(environment(variable));
        return new Settings(
            Read(endpoint, "DDM_ENDPOINT"),
            Read(projectId, "OS_PROJECT_ID"),
            Blank(environment("OS_PROJECT_NAME")),
            Read(token, "OS_AUTH_TOKEN"),
            Blank(environment("OS_AUTH_URL")),
            Blank(environment("OS_USERNAME")),
            Blank(environment("OS_PASSWORD")),
            Blank(environment("OS_USER_DOMAIN_NAME")));
    }

    /// <summary>Whether any IAM password setting is present, so a partial one can be reported as such.</summary>
    public bool HasPasswordSettings => AuthUrl is not null || UserName is not null || Password is not null || DomainName is not null;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
