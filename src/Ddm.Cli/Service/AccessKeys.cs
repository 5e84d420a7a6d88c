using Ddm.Client;
using Ddm.Client.Authentication;

namespace Ddm.Cli.Service;

/// <summary>AK/SK sign-in: the client's credential that signs every request the way the OTC API gateway checks (SDK-HMAC-SHA256).</summary>
internal static class AccessKeys
{
    public static DdmCredential Create(string accessKey, string secretKey, string? securityToken, string projectId) =>
        new DdmAccessKeyCredential(accessKey, secretKey, securityToken, projectId);
}
