using System;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Ddm.Client.Logging;

/// <summary>
/// Logs one line per DDM request: method, path, status, time taken and the request id of the answer.
/// Headers are never logged, so the X-Auth-Token cannot reach a log.
/// </summary>
public sealed partial class DdmLoggingHandler : DelegatingHandler
{
    private readonly ILogger<DdmLoggingHandler> _logger;

    /// <summary>Creates the handler.</summary>
    /// <param name="logger">Where the lines go.</param>
    public DdmLoggingHandler(ILogger<DdmLoggingHandler> logger) => _logger = logger;

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var path = request.RequestUri?.AbsolutePath ?? string.Empty;
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                var requestId = response.Headers.TryGetValues("X-Request-Id", out var values) ? values.FirstOrDefault() : null;
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                Answered(request.Method.Method, path, (int)response.StatusCode, elapsed, requestId ?? "none");
            }

            return response;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            Failed(request.Method.Method, path, elapsed, exception.GetType().Name, exception.Message);
            throw;
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "DDM {Method} {Path} answered {Status} in {ElapsedMilliseconds:F0} ms (request id {RequestId})")]
    private partial void Answered(string method, string path, int status, double elapsedMilliseconds, string requestId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "DDM {Method} {Path} failed after {ElapsedMilliseconds:F0} ms: {ExceptionType} {Reason}")]
    private partial void Failed(string method, string path, double elapsedMilliseconds, string exceptionType, string reason);
}
