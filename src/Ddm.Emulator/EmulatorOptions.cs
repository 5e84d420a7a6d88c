using System;
using System.Collections.Generic;
using System.Linq;
using System.IO;

namespace Ddm.Emulator;

/// <summary>What the emulator serves and how: its port, its tenant, its credentials and its seeded data.</summary>
public sealed class EmulatorOptions
{
    /// <summary>The port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>The project every DDM route serves; other project ids are refused.</summary>
    public string ProjectId { get; set; } = "619d3e78f61b4be68bc5aa0b59edcf7b";

    /// <summary>The name of the project, for IAM requests that scope the token by name.</summary>
    public string ProjectName { get; set; } = "eu-de";

    /// <summary>A token that every DDM route accepts, besides the tokens the IAM route issues.</summary>
    public string Token { get; set; } = "emulator-token";

    /// <summary>
    /// The access key pairs that every DDM route accepts in requests signed with <c>SDK-HMAC-SHA256</c>, besides
    /// tokens. By default one permanent pair: access key <c>EMULATORAK0000000001</c>, secret key
    /// <c>emulator-secret-key</c>. Signed requests must carry an <c>X-Sdk-Date</c> within 15 minutes of
    /// <see cref="TimeProvider"/>.
    /// </summary>
    public IList<EmulatorAccessKey> AccessKeys { get; set; } = new List<EmulatorAccessKey> { new("EMULATORAK0000000001", "emulator-secret-key") };

    /// <summary>How many backups to seed: 0 to a few hundred thousand.</summary>
    public int BackupCount { get; set; } = 25;

    /// <summary>How many DDM instances the backups belong to (at least 1); each has two data nodes.</summary>
    public int InstanceCount { get; set; } = 3;

    /// <summary>
    /// How many restorable time intervals each instance with <c>normal</c> backups has, the first from its oldest one on;
    /// one without (when <see cref="BackupCount"/> is below <see cref="InstanceCount"/>, or once every such backup of it is
    /// deleted) has none, as there is nothing to restore it from, and deleting its oldest backups takes away what lies
    /// before the oldest left, whole intervals too.
    /// </summary>
    public int IntervalsPerInstance { get; set; } = 3;

    /// <summary>The seed of the data: the same options give the same data.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>The IAM user that may obtain tokens.</summary>
    public string IamUserName { get; set; } = "emulator-user";

    /// <summary>The password of <see cref="IamUserName"/>.</summary>
    public string IamPassword { get; set; } = "emulator-password";

    /// <summary>The domain of <see cref="IamUserName"/>.</summary>
    public string IamDomainName { get; set; } = "emulator-domain";

    /// <summary>
    /// How long an issued token is valid; the real IAM issues tokens for 24 hours. Expired tokens are 401 and are
    /// dropped as new ones are issued. A job is kept as long after its end: then it is answered as an unknown job
    /// (<c>DBS.300400</c>) and dropped as new ones start. Read each time, by tokens and jobs alike, so a change after
    /// start applies to both.
    /// </summary>
    public TimeSpan IssuedTokenLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The clock of token expiry, of jobs' times and retention, and of the <c>X-Sdk-Date</c> check; tests pass their own to move time.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Where to write one line per request (method, path and query, status; control characters and what is not ASCII
    /// percent-encoded); nothing when null. Never headers. Lines are written one at a time, under a lock on the writer, so
    /// it need not be thread-safe.
    /// </summary>
    public TextWriter? RequestLog { get; set; }

    internal void Validate()
    {
        if (Port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(Port), Port, "Port must be 0 (any free port) or 1 to 65535.");
        }

        if (BackupCount < 0 || InstanceCount < 1 || IntervalsPerInstance < 0)
        {
            throw new ArgumentException("BackupCount and IntervalsPerInstance must be at least 0, InstanceCount at least 1.");
        }

        if (string.IsNullOrEmpty(ProjectId) || string.IsNullOrEmpty(Token))
        {
            throw new ArgumentException("ProjectId and Token must be set.");
        }

        if (AccessKeys is null)
        {
            throw new ArgumentException("AccessKeys must not be null; leave it empty to accept no signed requests.");
        }

        foreach (var key in AccessKeys)
        {
            ArgumentNullException.ThrowIfNull(key, nameof(AccessKeys));
            key.Validate();
        }

        if (AccessKeys.Select(key => key.AccessKey).Distinct(StringComparer.Ordinal).Count() != AccessKeys.Count)
        {
            throw new ArgumentException("Each access key may appear only once in AccessKeys.");
        }
    }
}
