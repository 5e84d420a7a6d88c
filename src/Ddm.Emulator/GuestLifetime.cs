using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;

namespace Ddm.Emulator;

/// <summary>
/// The emulator's web host lifetime: started and stopped by <see cref="DdmEmulator"/> alone. The web host's default
/// takes SIGINT, SIGQUIT and SIGTERM for itself and cancels them, which would keep a program or test run that has an
/// emulator running from ending on Ctrl+C or kill.
/// </summary>
internal sealed class GuestLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
