/** The Chinese application menu. Only electron/main.ts imports this module. */
import { Menu, type MenuItemConstructorOptions } from 'electron';

export interface MenuOptions {
  /** Development build: adds 重新加载 and 开发者工具 to the 视图 menu. */
  isDev: boolean;
  onAbout(): void;
}

export function buildMenuTemplate(opts: MenuOptions): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = [];
  if (opts.isDev) {
    view.push({ label: '重新加载', role: 'reload' }, { label: '开发者工具', role: 'toggleDevTools' }, { type: 'separator' });
  }
  view.push(
    { label: '实际大小', role: 'resetZoom' },
    { label: '放大', role: 'zoomIn' },
    { label: '缩小', role: 'zoomOut' },
    { type: 'separator' },
    { label: '全屏', role: 'togglefullscreen' },
  );
  return [
    { label: '文件', submenu: [{ label: '退出', role: 'quit' }] },
    {
      label: '编辑',
      submenu: [
        { label: '撤销', role: 'undo' },
        { label: '重做', role: 'redo' },
        { type: 'separator' },
        { label: '剪切', role: 'cut' },
        { label: '复制', role: 'copy' },
        { label: '粘贴', role: 'paste' },
        { label: '全选', role: 'selectAll' },
      ],
    },
    { label: '视图', submenu: view },
    { label: '帮助', submenu: [{ label: '关于', click: () => opts.onAbout() }] },
  ];
}

export function installMenu(opts: MenuOptions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(opts)));
}
