using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace Ddm.Cli.Service;

/// <summary>How the tool signs in: a token, an IAM password, or an AK/SK pair.</summary>
internal enum SignIn
{
    Token,
    Password,
    AccessKey,
}

/// <summary>A complete cloud configuration: where the service is, which project, and how to sign in (and where IAM is, for a password).</summary>
internal sealed record CloudTarget(Uri Endpoint, string ProjectId, SignIn SignIn, Settings Settings, Uri? IamEndpoint = null);

/// <summary>
/// Cloud settings the way Open Telekom Cloud users keep them (the OpenStack variables), plus <c>DDM_ENDPOINT</c>.
/// An option wins over its environment variable. With none of them set, the built-in emulator answers;
/// with any of them set, the tool never falls back to the emulator and says what is missing instead.
/// </summary>
internal sealed partial class Settings
{
    /// <summary>
    /// The variables that mean "the cloud is meant": any one of them rules out the built-in emulator. Every variable
    /// <see cref="Read"/> reads but the <see cref="ProxyVariables"/> is one of them; the error of incomplete settings names them all.
    /// </summary>
    public static readonly IReadOnlyList<string> CloudVariables = new[]
    {
        "DDM_ENDPOINT", "OS_AUTH_TOKEN", "OS_AUTH_URL", "OS_USERNAME", "OS_PASSWORD", "OS_USER_DOMAIN_NAME", "OS_DOMAIN_NAME",
        "OS_USER_DOMAIN_ID", "OS_DOMAIN_ID", "OS_ACCESS_KEY", "OS_SECRET_KEY", "OS_SECURITY_TOKEN", "OS_PROJECT_ID", "OS_PROJECT_NAME", "OS_REGION_NAME", "OS_CLOUD",
    };

    /// <summary>
    /// The proxy variables the runtime reads for the cloud and IAM (the emulator is reached directly, whatever they say).
    /// For an https:// request it takes the first of <c>https_proxy</c>, <c>HTTPS_PROXY</c>, <c>all_proxy</c> and
    /// <c>ALL_PROXY</c> that holds a proxy address it can read, passing over any other; for http:// (a service on this
    /// machine) <c>http_proxy</c> and <c>HTTP_PROXY</c> stand first instead. <c>no_proxy</c>, when set (even empty), else
    /// <c>NO_PROXY</c>, names the hosts reached directly.
    /// </summary>
    public static readonly IReadOnlyList<string> ProxyVariables = new[] { "https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY" };

    /// <summary>The proxy variables as set, by name; an unset one is missing or null.</summary>
    public IReadOnlyDictionary<string, string?> Proxies { get; init; } = new Dictionary<string, string?>();

    public string? Endpoint { get; init; }

    public string? Region { get; init; }

    public string? ProjectId { get; init; }

    public string? ProjectName { get; init; }

    /// <summary>The variable that names the user's domain by its id (<c>OS_USER_DOMAIN_ID</c>, <c>OS_DOMAIN_ID</c>), if one is set: not read, as IAM is given the domain by its name.</summary>
    public string? DomainIdVariable { get; init; }

    public string? Token { get; init; }

    public string? AuthUrl { get; init; }

    public string? UserName { get; init; }

    public string? Password { get; init; }

    public string? DomainName { get; init; }

    public string? AccessKey { get; init; }

    public string? SecretKey { get; init; }

    public string? SecurityToken { get; init; }

    /// <summary>A clouds.yaml entry (<c>OS_CLOUD</c>): it means the cloud, but ddm does not read clouds.yaml.</summary>
    public string? Cloud { get; init; }

    /// <summary>
    /// The <see cref="CloudVariables"/> that are set but hold nothing else than white space: they point at the cloud all
    /// the same (a job whose secrets are missing sets them so), and the error of incomplete settings names them.
    /// </summary>
    public IReadOnlyList<string> EmptyVariables { get; init; } = Array.Empty<string>();

    /// <summary>Whether anything points at the cloud, a variable set but empty included; then the emulator is never used.</summary>
    public bool IsCloudConfigured =>
        EmptyVariables.Count > 0 || Endpoint is not null || Region is not null || ProjectId is not null || ProjectName is not null || DomainIdVariable is not null || Token is not null
        || AuthUrl is not null || UserName is not null || Password is not null || DomainName is not null
        || AccessKey is not null || SecretKey is not null || SecurityToken is not null || Cloud is not null;

    /// <summary>Reads the options and the environment; <paramref name="stdinToken"/> is the token read for <c>--token-stdin</c>.</summary>
    public static Settings Read(string? endpoint, string? projectId, string? stdinToken, Func<string, string?> environment)
    {
        string? Env(string name) => Blank(environment(name));
        return new Settings
        {
            Endpoint = Blank(endpoint) ?? Env("DDM_ENDPOINT"),
            Region = Env("OS_REGION_NAME"),
            ProjectId = Blank(projectId) ?? Env("OS_PROJECT_ID"),
            ProjectName = Env("OS_PROJECT_NAME"),
            Token = Blank(stdinToken) ?? Env("OS_AUTH_TOKEN"),
            AuthUrl = Env("OS_AUTH_URL"),
            UserName = Env("OS_USERNAME"),
            // A password is what it is, spaces at its ends included; every other setting is trimmed.
            Password = string.IsNullOrWhiteSpace(environment("OS_PASSWORD")) ? null : environment("OS_PASSWORD"),
            DomainName = Env("OS_USER_DOMAIN_NAME") ?? Env("OS_DOMAIN_NAME"),
            DomainIdVariable = Env("OS_USER_DOMAIN_ID") is not null ? "OS_USER_DOMAIN_ID" : Env("OS_DOMAIN_ID") is not null ? "OS_DOMAIN_ID" : null,
            AccessKey = Env("OS_ACCESS_KEY"),
            SecretKey = Env("OS_SECRET_KEY"),
            SecurityToken = Env("OS_SECURITY_TOKEN"),
            Cloud = Env("OS_CLOUD"),
            EmptyVariables = CloudVariables.Where(name => environment(name) is { } value && string.IsNullOrWhiteSpace(value)).ToList(),
            // As set, not trimmed: the runtime reads them so, and ignores an address with white space before it.
            Proxies = ProxyVariables.ToDictionary(name => name, environment, StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// The cloud target, or a <see cref="UsageException"/> that lists everything missing at once.
    /// The sign-in is the token when one is set, else AK/SK when either key is set, else the IAM password.
    /// </summary>
    public CloudTarget ResolveCloud()
    {
        var missing = new List<string>();
        var endpoint = ResolveEndpoint(missing, out var heldProjectId);
        SignIn? signIn = null;
        if (Token is not null)
        {
            signIn = SignIn.Token;
        }
        else if (AccessKey is not null || SecretKey is not null)
        {
            signIn = SignIn.AccessKey;
            Require(AccessKey, "OS_ACCESS_KEY", missing);
            Require(SecretKey, "OS_SECRET_KEY", missing);
        }
        else if (UserName is not null || Password is not null || DomainName is not null)
        {
            signIn = SignIn.Password;
            Require(AuthUrl, "OS_AUTH_URL", missing);
            Require(UserName, "OS_USERNAME", missing);
            Require(Password, "OS_PASSWORD", missing);
            Require(DomainName, "OS_USER_DOMAIN_NAME", missing);
        }
        else
        {
            missing.Add("a credential (OS_AUTH_TOKEN or --token-stdin; OS_ACCESS_KEY and OS_SECRET_KEY; or OS_AUTH_URL, OS_USERNAME, OS_PASSWORD and OS_USER_DOMAIN_NAME)");
        }

        Require(ProjectId, heldProjectId is null ? "OS_PROJECT_ID (or --project-id)" : $"OS_PROJECT_ID (or --project-id), to '{heldProjectId}' if that is the project the endpoint's /v3/{{project_id}} was copied with (ddm drops it from the endpoint)", missing);
        if (missing.Count > 0)
        {
            var cloud = Cloud is null ? string.Empty : " OS_CLOUD is set, but ddm does not read clouds.yaml: set the variables instead.";
            // Many openrc files name the project by its name only; the API's paths take its id.
            var projectName = ProjectId is null && ProjectName is not null ? " OS_PROJECT_NAME is set, but ddm does not read it: the API's paths name the project by its id." : string.Empty;
            var domainId = DomainName is null && DomainIdVariable is not null && missing.Contains("OS_USER_DOMAIN_NAME") ? $" {DomainIdVariable} is set, but ddm does not read it: IAM is given the domain by its name." : string.Empty;
            var empty = EmptyVariables.Count == 0 ? string.Empty : " Set but empty: " + string.Join(", ", EmptyVariables) + ".";
            throw new UsageException("cloud settings are incomplete: set " + string.Join("; ", missing) + "." + cloud + projectName + domainId + empty + " The built-in emulator answers only when none of "
                + string.Join(", ", CloudVariables.SkipLast(1)) + " and " + CloudVariables[^1] + " is set and none of --endpoint, --project-id and --token-stdin is given.");
        }

        // What goes into a header must be printable ASCII: anything else is a copying mistake, and a line break would
        // start a header of its own. Named, never shown.
        HeaderSafe(signIn == SignIn.Token ? Token : null, "OS_AUTH_TOKEN (or --token-stdin)");
        HeaderSafe(signIn == SignIn.AccessKey ? AccessKey : null, "OS_ACCESS_KEY");
        HeaderSafe(signIn == SignIn.AccessKey ? SecurityToken : null, "OS_SECURITY_TOKEN");
        HeaderSafe(ProjectId, "OS_PROJECT_ID (or --project-id)");
        var iam = signIn == SignIn.Password ? IamEndpoint() : null;
        ProxyOf(endpoint!);
        if (iam is not null)
        {
            ProxyOf(iam);
        }

        if (ProjectId is "." or "..")
        {
            throw new UsageException(Arguments.StepValue("OS_PROJECT_ID (or --project-id)", ProjectId));
        }

        return new CloudTarget(endpoint!, ProjectId!, signIn!.Value, this, iam);
    }

    /// <summary>The IAM base address from <c>OS_AUTH_URL</c> (which usually ends in /v3), or a usage error.</summary>
    private Uri IamEndpoint()
    {
        NoWhiteSpaceInside(AuthUrl ?? string.Empty, "OS_AUTH_URL");
        var trimmed = (AuthUrl ?? string.Empty).TrimEnd('/');
        trimmed = trimmed.EndsWith("/v3", StringComparison.OrdinalIgnoreCase) ? trimmed[..^3] : trimmed;
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var iam) || !IsHttp(iam))
        {
            PortInRange(AuthUrl ?? string.Empty, "OS_AUTH_URL");
            throw new UsageException($"OS_AUTH_URL '{Shown(AuthUrl ?? string.Empty)}' is not an http(s) URL; for example https://iam.eu-de.otc.t-systems.com/v3.");
        }

        iam = LocalhostUndotted(iam);
        NoUserInfo(iam, "OS_AUTH_URL");
        BaseAddressOnly(iam, "OS_AUTH_URL");
        NotInClear(iam, AuthUrl!, "OS_AUTH_URL");
        NotPortZero(iam, AuthUrl!, "OS_AUTH_URL");

        return iam;
    }

    /// <summary>The region named by <c>OS_REGION_NAME</c>, or the one in an IAM address such as iam.eu-de.otc.t-systems.com.</summary>
    public string? EffectiveRegion()
    {
        if (Region is not null)
        {
            return Region.ToLowerInvariant();
        }

        if (AuthUrl is not null && Uri.TryCreate(AuthUrl, UriKind.Absolute, out var iam))
        {
            var match = IamHost().Match(iam.Host);
            return match.Success ? match.Groups["region"].Value.ToLowerInvariant() : null;
        }

        return null;
    }

    /// <summary>Secrets never reach a record's printed form.</summary>
    public override string ToString() => $"Settings {{ Endpoint = {Endpoint}, ProjectId = {ProjectId}, Region = {EffectiveRegion()} }}";

    private Uri? ResolveEndpoint(List<string> missing, out string? heldProjectId)
    {
        heldProjectId = null;
        if (Endpoint is not null)
        {
            NoWhiteSpaceInside(Endpoint, "--endpoint/DDM_ENDPOINT");
            if (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var endpoint) || !IsHttp(endpoint))
            {
                PortInRange(Endpoint, "--endpoint/DDM_ENDPOINT");
                throw new UsageException($"--endpoint/DDM_ENDPOINT '{Shown(Endpoint)}' is not an http(s) URL; for example https://ddm.eu-de.otc.t-systems.com.");
            }

            endpoint = LocalhostUndotted(endpoint);

            NoUserInfo(endpoint, "--endpoint/DDM_ENDPOINT");
            BaseAddressOnly(endpoint, "--endpoint/DDM_ENDPOINT");
            NotInClear(endpoint, Endpoint, "--endpoint/DDM_ENDPOINT");
            NotPortZero(endpoint, Endpoint, "--endpoint/DDM_ENDPOINT");

            // The API reference writes its URLs as https://{endpoint}/v3/{project_id}/...: an endpoint copied with that
            // /v3, as OS_AUTH_URL is written, or with the project id after it, would have them twice in the path of every
            // request, and the gateway's 404 says nothing of why.
            var path = endpoint.AbsolutePath.TrimEnd('/');
            var last = path.LastIndexOf('/');
            if (last > 0 && path[..last].EndsWith("/v3", StringComparison.OrdinalIgnoreCase))
            {
                var named = Uri.UnescapeDataString(path[(last + 1)..]);
                if (named.StartsWith('{') && named.EndsWith('}'))
                {
                    throw new UsageException($"--endpoint/DDM_ENDPOINT '{Shown(Endpoint)}' ends in /v3/{{project_id}}, the API reference's placeholder for the project id, as it is written there; drop it: give the endpoint without the path, such as https://ddm.eu-de.otc.t-systems.com, and the project in OS_PROJECT_ID (or --project-id).");
                }

                // Without OS_PROJECT_ID, the message that asks for it names the id the endpoint held, to be copied.
                heldProjectId = ProjectId is null ? path[(last + 1)..] : null;
                if (ProjectId is not null && !named.Equals(ProjectId, StringComparison.OrdinalIgnoreCase))
                {
                    throw new UsageException($"--endpoint/DDM_ENDPOINT '{Shown(Endpoint)}' ends in the path of project '{named}' (/v3/{{project_id}}), but OS_PROJECT_ID (or --project-id) is '{ProjectId}'; give the endpoint without the path, such as https://ddm.eu-de.otc.t-systems.com, and the project in OS_PROJECT_ID.");
                }

                path = path[..last];
            }

            return path.EndsWith("/v3", StringComparison.OrdinalIgnoreCase) ? new UriBuilder(endpoint) { Path = path[..^3] + "/" }.Uri : endpoint;
        }

        var region = EffectiveRegion();
        if (region is null)
        {
            // An OS_AUTH_URL whose port is past 65535 is no URL to any parser, so it gives no region: its port is what to
            // fix, not a setting that was never meant.
            if (AuthUrl is not null)
            {
                PortInRange(AuthUrl, "OS_AUTH_URL");
            }

            missing.Add("DDM_ENDPOINT (or --endpoint), or OS_REGION_NAME to use https://ddm.{region}.otc.t-systems.com");
            return null;
        }

        if (!RegionName().IsMatch(region))
        {
            throw new UsageException($"OS_REGION_NAME '{region}' is not a region name such as eu-de or eu-nl.");
        }

        return new Uri($"https://ddm.{region}.otc.t-systems.com/");
    }

    private static void HeaderSafe(string? value, string name)
    {
        if (value is not null && value.Any(character => character is < '!' or > '~'))
        {
            throw new UsageException($"{name} holds a character that cannot be sent (a space, a line break, a letter outside ASCII); check how it was set.");
        }
    }

    /// <summary>
    /// Refuses the proxy variable the runtime reads first for requests to <paramref name="target"/> when it holds what the
    /// runtime cannot read: the runtime would pass over it, unannounced, to the next one or to no proxy at all. A variable
    /// the runtime would not come to (one for the other scheme, one after a readable one, any for a host that
    /// <c>no_proxy</c> names) is not looked at.
    /// </summary>
    private void ProxyOf(Uri target)
    {
        string[] order = target.Scheme == Uri.UriSchemeHttp
            ? ["http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"]
            : ["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"];
        var set = order.Where(name => !string.IsNullOrWhiteSpace(Proxies.GetValueOrDefault(name))).ToList();
        if (set.Count == 0 || IsProxyAddress(Proxies[set[0]]!) || IsReachedDirectly(target))
        {
            return;
        }

        var shown = Shown(Proxies[set[0]]!);
        var next = set.Skip(1).FirstOrDefault(name => IsProxyAddress(Proxies[name]!));
        throw new UsageException($"{set[0]} {(shown.StartsWith('(') ? shown : $"'{shown}'")} is not a proxy address such as http://proxy.example.com:3128, and requests would go "
            + (next is null ? "without a proxy; correct it, or unset it to go without one." : $"through the proxy of {next} instead; correct it, or unset it to use that one."));
    }

    /// <summary>
    /// Whether <c>no_proxy</c> (when set, even empty), else <c>NO_PROXY</c>, names the host of <paramref name="target"/> as
    /// the runtime reads it: a comma-separated list, each entry the host itself or, starting with a dot, a domain and every
    /// host in it, in any case (no <c>*</c>, ports or address ranges).
    /// </summary>
    private bool IsReachedDirectly(Uri target)
    {
        var exceptions = Proxies.GetValueOrDefault("no_proxy") ?? Proxies.GetValueOrDefault("NO_PROXY") ?? string.Empty;
        return exceptions.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Any(entry => entry[0] == '.'
            ? target.Host.Equals(entry[1..], StringComparison.OrdinalIgnoreCase) || target.Host.EndsWith(entry, StringComparison.OrdinalIgnoreCase)
            : target.Host.Equals(entry, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Whether <paramref name="value"/> is a proxy address as the runtime reads one (<c>http://host:port</c>,
    /// <c>host:port</c>, <c>https://</c>, <c>socks5://</c>); it ignores one it cannot read. As the runtime, it takes the
    /// address as set: a scheme at its very start or none (then <c>http</c>), and after a <c>:</c> that ends the host, a port.
    /// </summary>
    private static bool IsProxyAddress(string value)
    {
        var url = value.Contains("://", StringComparison.Ordinal) ? value : "http://" + value;
        var authority = url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..];
        authority = authority[..(authority.IndexOfAny(['/', '?', '#']) is var end and >= 0 ? end : authority.Length)];
        return !char.IsWhiteSpace(value[0]) && !authority.EndsWith(':') && Uri.TryCreate(url, UriKind.Absolute, out var proxy) && proxy.Host.Length > 0
            && proxy.Scheme is "http" or "https" or "socks4" or "socks4a" or "socks5";
    }

    /// <summary>
    /// Refuses a URL with white space or a control character inside it (a second line pasted with it, a space typed in):
    /// the runtime would escape it into the path, and every request would go to another resource. The value is named, not
    /// shown: such characters do not show on one line.
    /// </summary>
    private static void NoWhiteSpaceInside(string url, string name)
    {
        if (url.Any(character => char.IsWhiteSpace(character) || char.IsControl(character)))
        {
            throw new UsageException($"{name} holds white space or a control character (a space, a tab, a line break) inside it, usually a copying mistake; check how it was set.");
        }
    }

    /// <summary>Refuses a URL that carries a user name or password: OTC endpoints take none, and messages would show it.</summary>
    private static void NoUserInfo(Uri url, string name)
    {
        if (url.UserInfo.Length > 0)
        {
            throw new UsageException($"{name} '{Shown(url.OriginalString)}' carries a user name or password, which OTC endpoints do not take; remove it (sign in with the variables instead).");
        }
    }

    /// <summary>
    /// Refuses a URL with a query or fragment, which would come before the path of every request; the URL is not shown,
    /// as its query may hold a secret.
    /// </summary>
    private static void BaseAddressOnly(Uri url, string name)
    {
        if (url.Query.Length > 0 || url.Fragment.Length > 0)
        {
            throw new UsageException($"{name} has a query or fragment ('?' or '#'), which would come before the path of every request; give the base address alone, such as https://ddm.eu-de.otc.t-systems.com.");
        }
    }

    /// <summary>
    /// The URL with <c>localhost.</c>, the fully qualified form of the name (RFC 6761), written <c>localhost</c>: the same
    /// machine, which the runtime takes for this one only so written, and which every resolver knows so (the hosts file),
    /// where not every one finds the name with its final dot.
    /// </summary>
    private static Uri LocalhostUndotted(Uri url) =>
        url.Host.Equals("localhost.", StringComparison.OrdinalIgnoreCase) ? new UriBuilder(url) { Host = "localhost" }.Uri : url;

    /// <summary>Refuses <c>http://</c> to another machine: the credentials would cross the network in clear text.</summary>
    private static void NotInClear(Uri url, string value, string name)
    {
        if (url.Scheme == Uri.UriSchemeHttp && !url.IsLoopback)
        {
            throw new UsageException($"{name} '{Shown(value)}' is http:// to another machine, which would send credentials in clear text; use https:// (http:// only to this machine, such as the emulator).");
        }
    }

    /// <summary>
    /// Refuses an http(s) URL for a port past 65535, which no URL parser takes: it would be called no URL at all. A URL
    /// with a user name or password is left to the message that shows none of it.
    /// </summary>
    private static void PortInRange(string url, string name)
    {
        var port = WrittenPort().Match(url);
        var digits = port.Groups["port"].Value.TrimStart('0');
        if (port.Success && (digits.Length > 5 || (digits.Length == 5 && string.CompareOrdinal(digits, "65535") > 0)))
        {
            throw new UsageException($"{name} '{Shown(url)}' has port {port.Groups["port"].Value}; ports go from 1 to 65535 (none at all for the scheme's own, 443 for https://).");
        }
    }

    /// <summary>
    /// Refuses port 0, which no connection can be made to: tried anyway, every try is refused and the run ends as if the
    /// service were down.
    /// </summary>
    private static void NotPortZero(Uri url, string value, string name)
    {
        if (url.Port == 0)
        {
            throw new UsageException($"{name} '{Shown(value)}' has port 0, which nothing can be reached at; give the port the service listens on, or none for the scheme's own (443 for https://).");
        }
    }

    /// <summary>
    /// A URL, or what was given for one, as a message may show it: without the user name and password it may carry, and
    /// cut at its query or fragment, which may hold a secret too ("ddm.example.com/?..."), so that what was wrong still
    /// shows.
    /// </summary>
    internal static string Shown(string url)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0)
        {
            url = uri.GetComponents(UriComponents.AbsoluteUri & ~UriComponents.UserInfo, UriFormat.UriEscaped);
        }
        else if (url.Contains('@', StringComparison.Ordinal))
        {
            // A '?' or '#' may belong to a password that no parser took apart: nothing of it is shown.
            return "(a URL with a user name or password)";
        }

        // A scheme without queries (ftp://) keeps '?' in its path, escaped as %3F.
        var cut = new[] { url.IndexOf('?', StringComparison.Ordinal), url.IndexOf('#', StringComparison.Ordinal), url.IndexOf("%3F", StringComparison.OrdinalIgnoreCase), url.IndexOf("%23", StringComparison.OrdinalIgnoreCase) }
            .Where(index => index >= 0).DefaultIfEmpty(-1).Min();
        return cut < 0 ? url : url[..cut] + (url[cut] == '#' || url[cut..].StartsWith("%23", StringComparison.Ordinal) ? "#..." : "?...");
    }

    private static void Require(string? value, string name, List<string> missing)
    {
        if (value is null)
        {
            missing.Add(name);
        }
    }

    private static bool IsHttp(Uri uri) => uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex(@"^iam(-pub)?\.(?<region>[a-z]{2}-[a-z0-9]+)\.otc\.t-systems\.com$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex IamHost();

    [GeneratedRegex(@"^https?://[^/?#@]*:(?<port>[0-9]+)(?:[/?#]|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WrittenPort();

    [GeneratedRegex("^[a-z]{2}-[a-z0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionName();
}
