using System;
using System.Net.Http;
using System.Threading.Tasks;
using Ddm.Emulator;

namespace Ddm.Client.Tests.EndToEnd;

/// <summary>One emulator with 1 000 backups, shared by the tests of a class; every client talks to it over loopback.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public const int Backups = 1000;

    public DdmEmulator Emulator { get; private set; } = null!;

    public HttpClient Http { get; } = new();

    /// <summary>Backups the emulator lists (those not seeded as deleted).</summary>
    public int Listed { get; private set; }

    public DdmClient Client(string? token = null) => new(Http, new DdmClientOptions
    {
        Endpoint = Emulator.BaseAddress,
        ProjectId = Emulator.Options.ProjectId,
        Credential = DdmCredential.FromToken(token ?? Emulator.Options.Token),
    });

    public async Task InitializeAsync()
    {
        Emulator = await DdmEmulator.StartAsync(new EmulatorOptions { BackupCount = Backups });
        Listed = (await Client().ListBackupsAsync(limit: 1)).Value.Total;
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Emulator.DisposeAsync();
    }
}
