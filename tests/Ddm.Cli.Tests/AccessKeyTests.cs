using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading.Tasks;
using Ddm.Cli.Service;
using Ddm.Emulator;

namespace Ddm.Cli.Tests;

/// <summary>AK/SK sign-in: the signature of the reference's worked example, and sign-in against the emulator, which verifies signatures.</summary>
public sealed class AccessKeyTests : IAsyncLifetime
{
    private const string TemporaryKey = "EMULATORTEMPKEY00002";
    private const string TemporarySecret = "temporary-secret-0815";
    private const string SecurityToken = "security-token-0815";
    private DdmEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await DdmEmulator.StartAsync(new EmulatorOptions
    {
        BackupCount = 30,
        AccessKeys = { new EmulatorAccessKey(TemporaryKey, TemporarySecret, SecurityToken) },
    });

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public void The_signature_of_the_worked_example_matches_the_reference()
    {
        // The worked example of the OTC signing reference (SDK-HMAC-SHA256): AK, SK, request and expected header.
        var credential = new AccessKeyCredential("HPUAEXAMPLE7Q2WKD8ZJ", "exampleSK/9f3c+1a7e=5bQ2wKd8ZjM0nP4rT6vX", null, "0b5d3e1f8a4c4f6e9d2a7c1b3e5f7a9d", TimeProvider.System);
        var headers = new Dictionary<string, string>
        {
            ["Host"] = "ddm.eu-de.otc.t-systems.com",
            ["X-Sdk-Date"] = "20251102T080910Z",
            ["X-Project-Id"] = "0b5d3e1f8a4c4f6e9d2a7c1b3e5f7a9d",
        };

        var authorization = credential.Authorization("GET", new Uri("https://ddm.eu-de.otc.t-systems.com/v3/0b5d3e1f8a4c4f6e9d2a7c1b3e5f7a9d/backups?offset=0&limit=10"), headers, Array.Empty<byte>());

        Assert.Equal(
            "SDK-HMAC-SHA256 Access=HPUAEXAMPLE7Q2WKD8ZJ, SignedHeaders=host;x-project-id;x-sdk-date, Signature=871793d3c2f495524199b8ebcb20fe0b638a41bc7ff6996147c44bce0c16c911",
            authorization);
    }

    [Fact]
    public void The_sdk_test_vector_signs_as_the_sdks_do()
    {
        var credential = new AccessKeyCredential("AccessKey", "SecretKey", null, "p", TimeProvider.System);
        var headers = new Dictionary<string, string> { ["Host"] = "service.endpoint.myhuaweicloud.com", ["X-Sdk-Date"] = "20200608T023900Z" };

        var authorization = credential.Authorization("GET", new Uri("https://service.endpoint.myhuaweicloud.com/resources?size=1"), headers, Array.Empty<byte>());

        Assert.EndsWith("Signature=cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842", authorization, StringComparison.Ordinal);
    }

    private Dictionary<string, string?> Keys(string accessKey, string secretKey, string? securityToken = null) => new()
    {
        ["DDM_ENDPOINT"] = _emulator.BaseAddress.ToString(),
        ["OS_PROJECT_ID"] = _emulator.Options.ProjectId,
        ["OS_ACCESS_KEY"] = accessKey,
        ["OS_SECRET_KEY"] = secretKey,
        ["OS_SECURITY_TOKEN"] = securityToken,
    };

    [Fact]
    public async Task Ak_sk_sign_in_lists_backups_from_the_emulator()
    {
        var key = _emulator.Options.AccessKeys[0];

        var (exitCode, output, _) = await Harness.Run(Keys(key.AccessKey, key.SecretKey), new[] { "backups", "list", "--all", "--limit", "7", "--output", "json" });

        Assert.Equal(0, exitCode);
        using var backups = JsonDocument.Parse(output);
        Assert.True(backups.RootElement.GetArrayLength() > 7);
    }

    [Fact]
    public async Task Temporary_keys_send_their_security_token()
    {
        var (exitCode, _, error) = await Harness.Run(Keys(TemporaryKey, TemporarySecret, SecurityToken), new[] { "backups", "list" });
        var (withoutCode, _, withoutError) = await Harness.Run(Keys(TemporaryKey, TemporarySecret), new[] { "backups", "list" });

        Assert.Equal(0, exitCode);
        Assert.Equal(3, withoutCode);
        Assert.DoesNotContain(TemporarySecret, error + withoutError, StringComparison.Ordinal);
        Assert.DoesNotContain(SecurityToken, error + withoutError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_secret_key_exits_3_and_no_secret_appears_in_any_output()
    {
        var key = _emulator.Options.AccessKeys[0];
        const string WrongSecret = "wrong-secret-key-0815";

        var (exitCode, output, error) = await Harness.Run(Keys(key.AccessKey, WrongSecret), new[] { "backups", "list" });

        Assert.Equal(3, exitCode);
        Assert.Empty(output);
        Assert.Contains("APIG.0301", error, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongSecret, error, StringComparison.Ordinal);
        Assert.DoesNotContain(key.SecretKey, error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
