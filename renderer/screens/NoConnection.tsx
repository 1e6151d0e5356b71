/** Shown instead of the app when the page has neither the Electron bridge nor a valid access token. */
export function NoConnection({ rejected }: { rejected: boolean }) {
  return (
    <main className="no-connection" role="alert">
      <div className="no-connection-card">
        <h1>{rejected ? '访问令牌无效' : '未找到访问令牌'}</h1>
        {rejected ? (
          <p>本机服务拒绝了当前页面保存的访问令牌，通常是因为服务已经重新启动（每次启动都会生成新的令牌）。</p>
        ) : (
          <p>出于安全考虑，本机服务只接受带有访问令牌的请求，而这个页面没有拿到令牌。</p>
        )}
        <ol>
          <li>
            在终端中运行 <code>npm run serve</code>（或查看已在运行的终端窗口）；
          </li>
          <li>
            复制它打印的<strong>完整地址</strong>，形如 <code>http://127.0.0.1:端口/#token=…</code>；
          </li>
          <li>在浏览器中打开该地址。</li>
        </ol>
        <p className="muted">令牌只保存在当前标签页中，关闭标签页后需要重新打开该地址。</p>
      </div>
    </main>
  );
}
