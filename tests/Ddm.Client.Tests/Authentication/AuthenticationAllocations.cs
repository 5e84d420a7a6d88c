using System;
using System.ClientModel.Primitives;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Ddm.Client.Tests.Authentication;

/// <summary>
/// Counts what a credential allocates to authenticate a request: its policy runs on the synchronous path, as
/// <c>client.ListBackups()</c> runs it, in front of a policy that sends nothing, for one message again and again.
/// Allocation is counted for the test's thread alone, so other tests running meanwhile do not disturb it.
/// </summary>
internal static class AuthenticationAllocations
{
    private const int WarmUp = 500;
    private const int Measured = 5000;

    /// <summary>The bytes one authentication allocates on average, after a warm-up.</summary>
    /// <param name="credential">The credential's policy.</param>
    /// <param name="networkTimeout">The request's network timeout.</param>
    /// <param name="cancellationToken">The caller's token the request carries.</param>
    public static double PerRequest(PipelinePolicy credential, TimeSpan networkTimeout, CancellationToken cancellationToken)
    {
        using var message = ClientPipeline.Create().CreateMessage();
        message.Request.Method = "GET";
        message.Request.Uri = new Uri("https://ddm.example/v3/p/backups");
        message.Apply(new RequestOptions { CancellationToken = cancellationToken });
        message.NetworkTimeout = networkTimeout;
        var pipeline = new PipelinePolicy[] { credential, new SendsNothing() };

        for (var request = 0; request < WarmUp; request++)
        {
            credential.Process(message, pipeline, 0);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var request = 0; request < Measured; request++)
        {
            credential.Process(message, pipeline, 0);
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Measured;
    }

    /// <summary>A credential that sets the header itself, with nothing to wait for: what authentication costs at the least.</summary>
    public sealed class SetsTheHeader(string token) : DdmCredential
    {
        protected override ValueTask AuthenticateAsync(PipelineMessage message, bool async)
        {
            message.Request.Headers.Set("X-Auth-Token", token);
            return default;
        }
    }

    /// <summary>The end of the pipeline: nothing is sent.</summary>
    private sealed class SendsNothing : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
        }

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex) => default;
    }
}
