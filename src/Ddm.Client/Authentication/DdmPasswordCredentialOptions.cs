using System;

namespace Ddm.Client.Authentication;

/// <summary>The IAM user a <see cref="DdmPasswordCredential"/> obtains tokens for, and where.</summary>
public sealed class DdmPasswordCredentialOptions
{
    /// <summary>
    /// The IAM endpoint, for example <c>https://iam.eu-de.otc.t-systems.com</c>; the same with <c>/v3</c> at its end, as
    /// OpenStack's <c>OS_AUTH_URL</c> writes it, names the same IAM.
    /// </summary>
    public Uri? IamEndpoint { get; set; }

    /// <summary>The IAM user name.</summary>
    public string? UserName { get; set; }

    /// <summary>The user's password. Never logged, never part of a message.</summary>
    public string? Password { get; set; }

    /// <summary>The domain (account) the user belongs to.</summary>
    public string? DomainName { get; set; }

    /// <summary>The project the token is scoped to, by id; set this or <see cref="ProjectName"/>.</summary>
    public string? ProjectId { get; set; }

    /// <summary>The project the token is scoped to, by name (for example <c>eu-de</c>); set this or <see cref="ProjectId"/>.</summary>
    public string? ProjectName { get; set; }

    /// <summary>How long before its expiry a token is replaced; at most half of the token's lifetime is used.</summary>
    public TimeSpan RefreshMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long one IAM request may take, answer included (default 30 seconds), on the credential's clock (its
    /// <see cref="TimeProvider"/>); at most 24 days, within the <c>int.MaxValue</c> milliseconds a timer holds, or
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for no bound. Another value (zero or less, or longer) is
    /// refused with an <see cref="ArgumentOutOfRangeException"/> that names it when the credential is created, before any login.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest <see cref="Timeout"/>: 24 days, within the <c>int.MaxValue</c> milliseconds (24.8 days) every timer takes.</summary>
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(24);

    /// <summary>Allows an <c>http://</c> IAM endpoint that is not on this machine; the password then crosses the network in clear text.</summary>
    public bool AllowInsecureTransport { get; set; }

    internal void Validate()
    {
        // White space only counts as not set, as it does for the same keys read from configuration; a password that
        // has other characters is taken as written, spaces at its ends included.
        var missing = new[]
        {
            IamEndpoint is null ? nameof(IamEndpoint) : null,
            string.IsNullOrWhiteSpace(UserName) ? nameof(UserName) : null,
            string.IsNullOrWhiteSpace(Password) ? nameof(Password) : null,
            string.IsNullOrWhiteSpace(DomainName) ? nameof(DomainName) : null,
        };
        foreach (var name in missing)
        {
            if (name is not null)
            {
                throw new ArgumentException($"DdmPasswordCredentialOptions.{name} is not set (or holds only white space): IAM needs the endpoint, user name, password and domain name.", name);
            }
        }

        if (string.IsNullOrWhiteSpace(ProjectId) == string.IsNullOrWhiteSpace(ProjectName))
        {
            throw new ArgumentException("Set exactly one of DdmPasswordCredentialOptions.ProjectId and ProjectName: the token is scoped to one project.", nameof(ProjectId));
        }

        if (DdmClientSupport.EndpointProblem(IamEndpoint!, AllowInsecureTransport, "DdmPasswordCredentialOptions.IamEndpoint") is { } problem)
        {
            throw new ArgumentException(problem, nameof(IamEndpoint));
        }

        // A timeout longer than a timer takes would fail every login as it started; 24 days is the bound the message states.
        if (Timeout != System.Threading.Timeout.InfiniteTimeSpan && (Timeout <= TimeSpan.Zero || Timeout > MaxTimeout))
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "Timeout must be positive and at most 24 days, or Timeout.InfiniteTimeSpan for none.");
        }

        if (RefreshMargin < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RefreshMargin), RefreshMargin, "RefreshMargin must not be negative.");
        }
    }
}
